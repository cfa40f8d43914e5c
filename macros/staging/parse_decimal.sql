{#- Decimal text ('12', '-3.5', '.5', '1e3'; no thousands separators or currency signs) to
    decimal(18, scale), rounded to `scale` places; anything else or an overflow -> null. -#}
{% macro parse_decimal(expression, scale=2) -%}
    {{ return(adapter.dispatch('parse_decimal', 'shop_segments')(expression, scale)) }}
{%- endmacro %}

{#- Fast path first: a value whose cast, written back as text, is the text itself (e.g. '12.50'
    for scale 2) is a valid decimal; only the other values go through the validating regex. -#}
{% macro default__parse_decimal(expression, scale=2) -%}
    {%- set cheap_cast = 'try_cast(' ~ clean_text(expression) ~ ' as decimal(18, ' ~ scale ~ '))' -%}
    case
        when cast({{ cheap_cast }} as {{ dbt.type_string() }}) = {{ clean_text(expression) }}
            then {{ cheap_cast }}
        when {{ shop_regex_matches(clean_text(expression), '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$') }}
            then try_cast({{ clean_text(expression) }} as decimal(18, {{ scale }}))
    end
{%- endmacro %}
