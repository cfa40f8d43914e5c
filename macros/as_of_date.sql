{#- The evaluation date of the whole project as a SQL date literal.
    var('as_of_date') as 'YYYY-MM-DD'; null/empty = the UTC date the run started. -#}
{% macro as_of_date() -%}
    {%- set raw = var('as_of_date', none) -%}
    {%- if raw is none or (raw | string | trim) == '' -%}
        {%- set value = run_started_at.strftime('%Y-%m-%d') -%}
    {%- else -%}
        {%- set value = raw | string | trim -%}
        {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
            {{ exceptions.raise_compiler_error("var as_of_date must be 'YYYY-MM-DD', got '" ~ value ~ "'") }}
        {%- endif -%}
        {%- set _ = modules.datetime.datetime.strptime(value, '%Y-%m-%d') -%}
    {%- endif -%}
    cast('{{ value }}' as date)
{%- endmacro %}
