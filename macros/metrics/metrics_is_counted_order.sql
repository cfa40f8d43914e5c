{#- Boolean SQL expression: true when an order with this status counts (revenue, counts, windows).
    Counted = status not in var excluded_order_statuses (compared trimmed and lower-case, like the
    staged status). A null status is not an excluded status, so it counts. -#}
{% macro metrics_is_counted_order(status_column) -%}
    {%- set raw = var('excluded_order_statuses', ['cancelled', 'refunded', 'failed']) -%}
    {%- if raw is none -%}
        {%- set raw = [] -%}
    {%- elif raw is string -%}
        {%- set raw = [raw] -%}
    {%- endif -%}
    {%- set literals = [] -%}
    {%- for value in raw -%}
        {%- if value is not string -%}
            {{ exceptions.raise_compiler_error(
                "var excluded_order_statuses must be a list of text, got " ~ (value | string)
            ) }}
        {%- endif -%}
        {%- set literal = "'" ~ (value | trim | lower | replace("'", "''")) ~ "'" -%}
        {%- if (value | trim) != '' and literal not in literals -%}
            {%- do literals.append(literal) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if literals | length == 0 -%}
        true
    {%- else -%}
        ({{ status_column }} is null or {{ status_column }} not in ({{ literals | join(', ') }}))
    {%- endif -%}
{%- endmacro %}
