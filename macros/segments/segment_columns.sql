{#- column name -> kind for every column of dim_customers: from its documented, contract-enforced
    columns in dbt's graph (execute time). dbt gives unit tests an empty graph; there the columns
    of the built dim_customers relation in the warehouse are used (dbt needs it for the unit test
    fixtures anyway). -#}
{% macro segment_columns() -%}
    {%- set nodes = graph.get('nodes') or {} -%}
    {%- set columns = {} -%}
    {%- if nodes | length == 0 -%}
        {%- set relation = adapter.get_relation(database=target.database,
            schema=generate_schema_name('marts', none) | trim, identifier='dim_customers') -%}
        {%- if relation is none -%}
            {{ exceptions.raise_compiler_error('segments need dim_customers: not in the graph and not built in schema marts') }}
        {%- endif -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do columns.update({column.name | lower: segment_column_kind(column.data_type)}) -%}
        {%- endfor -%}
        {%- do return(columns) -%}
    {%- endif -%}
    {%- set node = nodes.get('model.' ~ project_name ~ '.dim_customers') -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error('segments need the model dim_customers, which is not in the project') }}
    {%- endif -%}
    {%- for name, column in node.columns.items() -%}
        {%- do columns.update({name | lower: segment_column_kind(column.data_type)}) -%}
    {%- endfor -%}
    {%- if columns | length == 0 -%}
        {{ exceptions.raise_compiler_error('dim_customers has no documented columns; segments check conditions against them') }}
    {%- endif -%}
    {%- do return(columns) -%}
{%- endmacro %}
