{#- The calendar date as written in an ISO-8601 timestamp text (its first 10 characters), with no
    time-zone conversion; null when the text is not an accepted timestamp (see
    parse_timestamp_utc). -#}
{% macro parse_local_date(expression) -%}
    {{ return(adapter.dispatch('parse_local_date', 'shop_segments')(expression)) }}
{%- endmacro %}

{% macro default__parse_local_date(expression) -%}
    case
        when {{ parse_timestamp_utc(expression) }} is not null
            then try_cast(substring({{ clean_text(expression) }}, 1, 10) as date)
    end
{%- endmacro %}
