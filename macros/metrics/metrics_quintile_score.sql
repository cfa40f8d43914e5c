{#- Window expression: a 1-5 score of order_expr among the rows of the query (5 = best = highest
    value). score = 1 + floor(5 * (rows with a strictly lower value) / rows). Equal values get
    equal scores (rank() gives ties the same, lowest, rank). Rows where order_expr is null must
    be filtered out by the caller. -#}
{% macro metrics_quintile_score(order_expr) -%}
    cast(
        1 + floor(
            5 * cast(rank() over (order by {{ order_expr }}) - 1 as double)
            / cast(count(*) over () as double)
        ) as bigint
    )
{%- endmacro %}
