{#- The raw input contract of one table, read from the dbt source `shop`
    (models/staging/shop/_shop__sources.yml, the one place it is written):
    {'required': the table's meta `required` (a missing required table stops the run),
     'columns': its documented columns, in the order of the YAML}. dbt fills `graph` only when
    executing; at parse time (nothing runs; also under lint) the columns are one placeholder,
    so the SQL built from them still reads as SQL. dbt gives unit tests no graph: see below. -#}
{% macro shop_raw_contract(table_name) -%}
    {%- if not execute -%}
        {{ return({'required': false, 'columns': ['contract_column']}) }}
    {%- endif -%}
    {%- if model.resource_type == 'unit_test' -%}
        {#- No graph in a unit test. Its fixtures take their columns from the warehouse (dbt's
            get_fixture_sql), so the columns are read there too: from the raw relation the source
            points at (schema as in the sources YAML), else from the columns of <table>_rejected
            as last built (every contract column under its own name; schema staging, the
            tested model's). -#}
        {%- set raw = adapter.get_relation(
            database=target.database, schema=var('raw_schema', none) or 'raw', identifier=table_name) -%}
        {%- set rejected = adapter.get_relation(
            database=model.database, schema=model.schema, identifier=table_name ~ '_rejected') -%}
        {%- set columns = [] -%}
        {%- if raw -%}
            {%- do columns.extend(adapter.get_columns_in_relation(raw) | map(attribute='name')) -%}
        {%- elif rejected -%}
            {%- for column in adapter.get_columns_in_relation(rejected) | map(attribute='name') -%}
                {%- if column not in ['raw_row_number', 'rejection_reason'] -%}
                    {%- do columns.append(column) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
        {{ return({'required': false, 'columns': columns}) }}
    {%- endif -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.package_name == project_name and node.source_name == 'shop' and node.name == table_name -%}
            {%- set meta = node.config.meta or node.meta or {} -%}
            {{ return({'required': meta.get('required', false) == true, 'columns': node.columns.keys() | list}) }}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("shop_raw_contract: no table " ~ table_name ~ " in source shop") }}
{%- endmacro %}
