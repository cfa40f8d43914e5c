-- noqa: disable=LT02
-- (reason: a jinja-only macro body; sqlfluff's indent rule cannot follow its control flow)
{#- The raw rows of one contract table as a parenthesised subquery: every contract column as
    text (in contract order; missing columns null, extra columns dropped, names matched
    case-insensitively) plus raw_row_number (see shop_raw_row_number). The one place raw data
    enters the project and missing optional columns and tables are filled in.
    Always source('shop', table_name) (lineage, freshness: models/staging/shop/_shop__sources.yml),
    which points at the demo seed by default or at var raw_schema; with var raw_path the rows are
    read from the file <raw_path>/<table_name>.parquet or .csv instead. A missing optional table
    reads as no rows; a source with none of the contract columns (a wrong header row or
    delimiter) is a compile error. -#}
{% macro shop_source(table_name) -%}
    {%- set spec = shop_raw_contract(table_name) -%}
    {%- set relation = source('shop', table_name) -%}
    {%- set raw_path = (var('raw_path', none) or '') | string | trim -%}
    {%- set raw_schema = (var('raw_schema', none) or '') | string | trim -%}
    {%- if raw_path and raw_schema -%}
        {{ exceptions.raise_compiler_error("Set only one of the vars raw_path and raw_schema, not both.") }}
    {%- endif -%}
    {%- if not raw_path and not raw_schema -%}
        {#- The source is the demo seed of the same name: build it first. -#}
        {%- do ref(table_name) -%}
    {%- endif -%}
    {%- if not execute -%}
        {{ return(shop_raw_empty_relation(spec['columns'])) }}
    {%- endif -%}
    {%- if model.resource_type == 'unit_test' -%}
        {#- A unit test's fixture rows (given: source('shop', <table>)), numbered in the order given. -#}
        {%- set fixture_sql -%}
        (
            select
            {%- for column in spec['columns'] %}
                cast({{ column }} as {{ dbt.type_string() }}) as {{ column }},
            {%- endfor %}
                row_number() over () as raw_row_number
            from {{ relation }}
        )
        {%- endset -%}
        {{ return(fixture_sql) }}
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
        {%- set where = found.path or folder ~ '/' ~ table_name ~ '.parquet (or ' ~ table_name ~ '.csv)' -%}
        {%- set missing = "raw_path: required raw file " ~ where ~ " not found" -%}
        {%- set from_sql = shop_raw_file_reader(found.path, found.format) if found.path else none -%}
        {%- set source_kind = found.format -%}
        {%- if from_sql -%}
            {%- set column_names = run_query('select * from ' ~ from_sql ~ ' as raw_source limit 0').column_names -%}
        {%- endif -%}
    {%- else -%}
        {%- set existing = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
        {%- set where = relation | string -%}
        {%- set missing = "raw_schema: required raw table " ~ raw_schema ~ "." ~ table_name ~ " not found" -%}
        {%- set from_sql = existing | string if existing else none -%}
        {%- set source_kind = 'view' if existing and existing.type == 'view' else 'table' -%}
        {%- if existing -%}
            {%- set column_names = adapter.get_columns_in_relation(existing) | map(attribute='name') | list -%}
        {%- endif -%}
    {%- endif -%}
    {%- if from_sql is none -%}
        {%- if spec['required'] -%}
            {{ exceptions.raise_compiler_error(missing) }}
        {%- endif -%}
        {{ return(shop_raw_empty_relation(spec['columns'])) }}
    {%- endif -%}

    {%- set by_lower_name = {} -%}
    {%- for name in column_names -%}
        {%- if name | trim | lower not in by_lower_name -%}
            {%- do by_lower_name.update({name | trim | lower: name}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if spec['columns'] | select('in', by_lower_name) | list | length == 0 -%}
        {#- Almost always a wrong header row or delimiter: fail loudly instead of rejecting every row. -#}
        {{ exceptions.raise_compiler_error(
            "raw " ~ table_name ~ " (" ~ where ~ ") has none of the contract columns "
            ~ (spec['columns'] | join(', ')) ~ "; columns read: " ~ (column_names | join(', '))
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
