{#- Text to boolean: true/yes/y/1 -> true, false/no/n/0 -> false (any case, surrounding
    whitespace ignored); null or empty -> null; anything else -> null (callers count it). -#}
{% macro parse_boolean(expression) -%}
    {{ return(adapter.dispatch('parse_boolean', 'shop_segments')(expression)) }}
{%- endmacro %}

{% macro default__parse_boolean(expression) -%}
    case
        when lower({{ clean_text(expression) }}) in ('true', 'yes', 'y', '1') then true
        when lower({{ clean_text(expression) }}) in ('false', 'no', 'n', '0') then false
    end
{%- endmacro %}
