{#- column name -> kind for every documented column of dim_customers (its YAML, contract
    enforced, so every column has a data_type), read from dbt's graph at execute time. -#}
{% macro segment_columns() -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.dim_customers') -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error('segments need the model dim_customers, which is not in the project') }}
    {%- endif -%}
    {%- set columns = {} -%}
    {%- for name, column in node.columns.items() -%}
        {%- do columns.update({name | lower: segment_column_kind(column.data_type)}) -%}
    {%- endfor -%}
    {%- if columns | length == 0 -%}
        {{ exceptions.raise_compiler_error('dim_customers has no documented columns; segments check conditions against them') }}
    {%- endif -%}
    {%- do return(columns) -%}
{%- endmacro %}
