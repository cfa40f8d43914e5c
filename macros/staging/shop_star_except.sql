{#- Every column of the relation selected from but `excluded` (a list of names): DuckDB spells it
    `* exclude (...)`, Spark `* except (...)`. -#}
{% macro shop_star_except(excluded) -%}
    {{ return(adapter.dispatch('shop_star_except', 'shop_segments')(excluded)) }}
{%- endmacro %}

{% macro default__shop_star_except(excluded) -%}
    * except ({{ excluded | join(', ') }})
{%- endmacro %}

{% macro duckdb__shop_star_except(excluded) -%}
    * exclude ({{ excluded | join(', ') }})
{%- endmacro %}
