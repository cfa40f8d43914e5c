{#- Decimal text ('12', '-3.5', '.5', '1e3'; no thousands separators or currency signs) to
    decimal(18, scale), rounded to `scale` places; anything else or an overflow -> null. -#}
{% macro parse_decimal(expression, scale=2) -%}
    {{ return(adapter.dispatch('parse_decimal', 'shop_segments')(expression, scale)) }}
{%- endmacro %}

{% macro default__parse_decimal(expression, scale=2) -%}
    case
        when {{ shop_regex_matches(clean_text(expression), '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$') }}
            then try_cast({{ clean_text(expression) }} as decimal(18, {{ scale }}))
    end
{%- endmacro %}
