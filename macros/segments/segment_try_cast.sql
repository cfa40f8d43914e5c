{#- Cast text to `data_type`, null when it does not parse (attribute values are free text). -#}
{% macro segment_try_cast(expr, data_type) -%}
    {{ return(adapter.dispatch('segment_try_cast')(expr, data_type)) }}
{%- endmacro %}

{% macro default__segment_try_cast(expr, data_type) -%}
    {{ return('try_cast(' ~ expr ~ ' as ' ~ data_type ~ ')') }}
{%- endmacro %}
