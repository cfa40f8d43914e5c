{#- Whole-number text ('3', '+3', '3.0') to integer; fractions ('2.5'), other text or an
    overflow -> null. -#}
{% macro parse_integer(expression) -%}
    {{ return(adapter.dispatch('parse_integer', 'shop_segments')(expression)) }}
{%- endmacro %}

{% macro default__parse_integer(expression) -%}
    case
        when {{ shop_regex_matches(clean_text(expression), '^[+-]?[0-9]+([.]0*)?$') }}
            then try_cast({{ shop_regex_extract(clean_text(expression), '^[+-]?[0-9]+', 0) }} as integer)
    end
{%- endmacro %}
