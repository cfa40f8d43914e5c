{#- The campaign result windows (var campaign_result_windows, days after a snapshot's as_of) as a
    one-column select of window_days, one row per window. Each must be a whole number >= 1. -#}
{% macro campaign_windows() -%}
    {%- set windows = var('campaign_result_windows', [7, 14, 30]) -%}
    {%- if windows is string or windows is not iterable or windows | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "var campaign_result_windows must be a non-empty list of whole numbers of days, got " ~ windows
        ) }}
    {%- endif -%}
    {%- set selects = [] -%}
    {%- for window in windows -%}
        {%- if window is not number or window | int != window or window < 1 -%}
            {{ exceptions.raise_compiler_error(
                "var campaign_result_windows: each window is a whole number of days >= 1, got " ~ window
            ) }}
        {%- endif -%}
        {%- do selects.append('select cast(' ~ (window | int) ~ ' as integer) as window_days') -%}
    {%- endfor %}
    {{ selects | join('\n    union all\n    ') }}
{%- endmacro %}
