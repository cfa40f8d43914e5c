{#- The accepted ISO-8601 timestamp text (upper-cased first): group 1 the date YYYY-MM-DD,
    group 2 the optional time HH:MM[:SS[.fraction]] after 'T' or a space, group 3 the optional
    offset Z, +HH, +HHMM or +HH:MM (only after a time; one space before it is allowed). -#}
{% macro shop_iso_timestamp_pattern() -%}
    {%- set date_part = '([0-9]{4}-[0-9]{2}-[0-9]{2})' -%}
    {%- set time_part = '([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]{1,9})?)?)' -%}
    {%- set offset_part = '(Z|[+-][0-9]{2}(?::?[0-9]{2})?)' -%}
    {{ return('^' ~ date_part ~ '(?:[T ]' ~ time_part ~ ' ?' ~ offset_part ~ '?)?$') }}
{%- endmacro %}
