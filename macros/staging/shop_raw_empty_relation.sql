{#- An empty relation (parenthesised subquery) with the given text columns and raw_row_number:
    what a missing optional raw table reads as. -#}
{% macro shop_raw_empty_relation(columns) -%}
    (
        select
    {%- for column in columns %}
            cast(null as {{ dbt.type_string() }}) as {{ column }},
    {%- endfor %}
            cast(null as {{ dbt.type_bigint() }}) as raw_row_number
        where 1 = 0
    )
{%- endmacro %}
