{#- ISO-8601 text to a UTC timestamp. Accepted: YYYY-MM-DD, optionally followed by 'T' or a
    space and HH:MM[:SS[.fraction]], optionally followed by an offset Z / +HH / +HHMM / +HH:MM.
    With an offset the value is converted to UTC; without one it is taken as UTC already; a
    date alone is midnight. Anything else (including impossible dates like 2023-02-29) -> null. -#}
{% macro parse_timestamp_utc(expression) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'shop_segments')(expression)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(expression) -%}
    {%- set pattern = shop_iso_timestamp_pattern() -%}
    {%- set text = 'upper(' ~ clean_text(expression) ~ ')' -%}
    {%- set offset = 'nullif(nullif(' ~ shop_regex_extract(text, pattern, 3) ~ ", ''), 'Z')" -%}
    {#- Fast path: without an offset (or with Z) the value is already UTC, and the text with 'T'
        replaced by a space and Z dropped is exactly what the general path casts (date || ' ' ||
        time, plus 0 minutes); one simple regex instead of several extracts (about 4x faster on
        10M order timestamps). -#}
    {%- set utc_pattern = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?Z?)?$' -%}
    {#- Faster still, and tried first: a 19-character value whose cast, written back as text, is
        the text itself ('2024-05-01 12:00:00': a 4-digit year, no offset) needs no regex at all. -#}
    {%- set cheap_cast = 'try_cast(' ~ text ~ ' as timestamp)' -%}
    case
        when length({{ text }}) = 19 and cast({{ cheap_cast }} as {{ dbt.type_string() }}) = {{ text }}
            then {{ cheap_cast }}
        when {{ shop_regex_matches(text, utc_pattern) }}
            then try_cast(replace(replace({{ text }}, 'T', ' '), 'Z', '') as timestamp)
        when {{ shop_regex_matches(text, pattern) }}
            then {{ shop_add_minutes(
                '-1 * coalesce(
                    (case when substring(' ~ offset ~ ', 1, 1) = \'-\' then -1 else 1 end)
                    * (cast(substring(' ~ offset ~ ', 2, 2) as integer) * 60
                        + coalesce(cast(nullif(substring(replace(' ~ offset ~ ', \':\', \'\'), 4, 2), \'\') as integer), 0)),
                    0)',
                'try_cast(' ~ shop_regex_extract(text, pattern, 1) ~ " || ' ' || coalesce(nullif("
                    ~ shop_regex_extract(text, pattern, 2) ~ ", ''), '00:00') as timestamp)"
            ) }}
    end
{%- endmacro %}

{#- A timestamp plus a whole number of minutes, keeping fractional seconds. dbt.dateadd on
    Spark goes through unix seconds (drops the fraction and fails on null), so Spark uses
    timestampadd. -#}
{% macro shop_add_minutes(minutes, timestamp_expr) -%}
    {{ return(adapter.dispatch('shop_add_minutes', 'shop_segments')(minutes, timestamp_expr)) }}
{%- endmacro %}

{% macro default__shop_add_minutes(minutes, timestamp_expr) -%}
    {{ dbt.dateadd('minute', minutes, timestamp_expr) }}
{%- endmacro %}

{% macro spark__shop_add_minutes(minutes, timestamp_expr) -%}
    timestampadd(minute, {{ minutes }}, {{ timestamp_expr }})
{%- endmacro %}
