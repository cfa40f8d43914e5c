{#- Text trimmed of surrounding whitespace; empty text becomes null. -#}
{% macro clean_text(expression) -%}
    {{ return(adapter.dispatch('clean_text', 'shop_segments')(expression)) }}
{%- endmacro %}

{% macro default__clean_text(expression) -%}
    nullif(trim({{ expression }}), '')
{%- endmacro %}

{#- Trims space, tab, line feed and carriage return. Almost every value starts and ends with a
    character above code 32, and then trimming is a no-op and the value is not empty: the two
    ascii() checks skip DuckDB's trim with a character set, which costs about 0.25 us per value
    (7 s for the 25M order_line_ids at 1M customers, 2 s with the checks). -#}
{% macro duckdb__clean_text(expression) -%}
    case
        when ascii({{ expression }}) > 32 and ascii(right({{ expression }}, 1)) > 32 then {{ expression }}
        else nullif(trim({{ expression }}, ' ' || chr(9) || chr(10) || chr(13)), '')
    end
{%- endmacro %}
