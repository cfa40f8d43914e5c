-- noqa: disable=LT02
-- (reason: a jinja-only macro body; sqlfluff's indent rule cannot follow its control flow)
{#- The raw relation of one contract table, wherever it comes from, as a parenthesised subquery:
    every contract column as text (in contract order; missing columns null, extra columns
    dropped, names matched case-insensitively) plus raw_row_number (see shop_raw_row_number).
    Source: var raw_path (files), var raw_schema (warehouse tables) or, by default, the demo
    seed ref(table_name). Columns are discovered at execute time; at parse time the macro
    returns an empty relation with the contract columns. A source with none of the contract
    columns (a wrong header row or delimiter) is a compile error. -#}
{% macro shop_raw_relation(table_name) -%}
    {%- set contract = shop_raw_contract() -%}
    {%- if table_name not in contract -%}
        {{ exceptions.raise_compiler_error(
            "shop_raw_relation: unknown raw table '" ~ table_name ~ "'; expected one of "
            ~ (contract.keys() | list | join(', '))) }}
    {%- endif -%}
    {%- set spec = contract[table_name] -%}
    {%- set raw_path = (var('raw_path', none) or '') | string | trim -%}
    {%- set raw_schema = (var('raw_schema', none) or '') | string | trim -%}
    {%- if raw_path and raw_schema -%}
        {{ exceptions.raise_compiler_error(
            "Set only one of the vars raw_path and raw_schema, not both.") }}
    {%- endif -%}
    {%- if not raw_path and not raw_schema -%}
        {#- ref() outside the execute guard so dbt records the dependency on the seed. -#}
        {%- set seed_relation = ref(table_name) -%}
    {%- endif -%}

    {%- if not execute -%}
        {{ return(shop_raw_empty_relation(spec['columns'])) }}
    {%- endif -%}

    {%- if raw_path -%}
        {%- set folder = shop_raw_path_folder(raw_path) -%}
        {%- set found = namespace(path=none, format=none) -%}
        {%- for file_format in ['parquet', 'csv'] -%}
            {%- set candidate = folder ~ '/' ~ table_name ~ '.' ~ file_format -%}
            {%- if found.path is none and shop_raw_file_exists(candidate) -%}
                {%- set found.path = candidate -%}
                {%- set found.format = file_format -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if found.path is none -%}
            {%- if spec['required'] -%}
                {{ exceptions.raise_compiler_error(
                    "raw_path: required raw file " ~ folder ~ "/" ~ table_name ~ ".parquet (or "
                    ~ table_name ~ ".csv) not found") }}
            {%- endif -%}
            {{ return(shop_raw_empty_relation(spec['columns'])) }}
        {%- endif -%}
        {%- set from_sql = shop_raw_file_reader(found.path, found.format) -%}
        {%- set source_kind = found.format -%}
        {%- set column_names = run_query('select * from ' ~ from_sql ~ ' as raw_source limit 0').column_names -%}
    {%- else -%}
        {%- if raw_schema -%}
            {%- set relation = adapter.get_relation(
                database=target.database, schema=raw_schema, identifier=table_name) -%}
            {%- if relation is none -%}
                {%- if spec['required'] -%}
                    {{ exceptions.raise_compiler_error(
                        "raw_schema: required raw table " ~ raw_schema ~ "." ~ table_name
                        ~ " not found") }}
                {%- endif -%}
                {{ return(shop_raw_empty_relation(spec['columns'])) }}
            {%- endif -%}
        {%- else -%}
            {%- set relation = seed_relation -%}
        {%- endif -%}
        {%- set from_sql = relation | string -%}
        {%- set source_kind = 'view' if relation.type == 'view' else 'table' -%}
        {%- set column_names = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- endif -%}

    {%- set by_lower_name = {} -%}
    {%- for name in column_names -%}
        {%- set key = name | trim | lower -%}
        {%- if key not in by_lower_name -%}
            {%- do by_lower_name.update({key: name}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if spec['columns'] | select('in', by_lower_name) | list | length == 0 -%}
        {#- Almost always a wrong header row or delimiter: fail loudly instead of rejecting every row. -#}
        {{ exceptions.raise_compiler_error(
            "raw " ~ table_name ~ " (" ~ (found.path if raw_path else from_sql) ~ ") has none of the contract "
            ~ "columns " ~ (spec['columns'] | join(', ')) ~ "; columns read: " ~ (column_names | join(', '))
            ~ ". Check the header row and the delimiter.") }}
    {%- endif -%}
    {%- set quoted_sources = [] -%}
    {%- for name in column_names -%}
        {%- do quoted_sources.append('raw_source.' ~ adapter.quote(name)) -%}
    {%- endfor -%}
    (
        select
            {%- for column in spec['columns'] %}
            {% if column in by_lower_name -%}
                cast(raw_source.{{ adapter.quote(by_lower_name[column]) }} as {{ dbt.type_string() }})
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as {{ column }},
            {%- endfor %}
            {{ shop_raw_row_number(source_kind, quoted_sources) }} as raw_row_number
        from {{ from_sql }} as raw_source
    )
{%- endmacro %}
