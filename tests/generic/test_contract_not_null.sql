-- noqa: disable=LT02
-- (reason: a jinja-only lookup before the select; sqlfluff's indent rule cannot follow it)
{#- The not_null constraints of a model's contract, checked as a data test where the engine does
    not enforce them: dbt-spark applies them only to Delta tables (this project writes Parquet by
    default). Fails for every row with a null in a column whose contract says not_null. Disabled
    on DuckDB, which enforces them: a null there fails the model's own build. -#}
{% test contract_not_null(model) %}
{{ config(enabled=(target.type != 'duckdb')) }}
{%- set columns = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.alias == model.identifier and node.schema == model.schema -%}
            {%- for column in node.columns.values() -%}
                {%- if column.constraints | selectattr('type', 'equalto', 'not_null') | list -%}
                    {%- do columns.append(column.name) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not columns -%}
        {{ exceptions.raise_compiler_error("contract_not_null: " ~ model ~ " has no not_null constraint in its contract") }}
    {%- endif -%}
{%- endif -%}
    select *
    from {{ model }}
    where {% for column in columns %}{{ column }} is null{{ ' or ' if not loop.last }}{% else %}1 = 0{% endfor %}
{% endtest %}
