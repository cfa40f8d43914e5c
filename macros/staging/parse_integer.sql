{#- Whole-number text ('3', '+3', '3.0') to integer; fractions ('2.5'), other text or an
    overflow -> null. -#}
{% macro parse_integer(expression) -%}
    {{ return(adapter.dispatch('parse_integer', 'shop_segments')(expression)) }}
{%- endmacro %}

{#- Fast path first: a value whose cast, written back as text, is the text itself ('3', '-12') is
    a valid integer; only the other values go through the validating regex. -#}
{% macro default__parse_integer(expression) -%}
    {%- set cheap_cast = 'try_cast(' ~ clean_text(expression) ~ ' as integer)' -%}
    case
        when cast({{ cheap_cast }} as {{ dbt.type_string() }}) = {{ clean_text(expression) }}
            then {{ cheap_cast }}
        when {{ shop_regex_matches(clean_text(expression), '^[+-]?[0-9]+([.]0*)?$') }}
            then try_cast({{ shop_regex_extract(clean_text(expression), '^[+-]?[0-9]+', 0) }} as integer)
    end
{%- endmacro %}
