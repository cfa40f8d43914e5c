{#- A numeric project var rendered as a SQL literal. Raises a compile error naming the var when
    the value is not a number (so text from a config file can never reach the SQL). With
    as_integer=true the value must also be a whole number >= 0. -#}
{% macro metrics_numeric_var(var_name, as_integer=false) -%}
    {%- set value = var(var_name) -%}
    {%- if value is string and modules.re.match('^-?[0-9]+(\.[0-9]+)?$', value | trim) -%}
        {%- set value = (value | trim | float) if '.' in value else (value | trim | int) -%}
    {%- endif -%}
    {%- if value is not number or value is boolean -%}
        {{ exceptions.raise_compiler_error("var " ~ var_name ~ " must be a number, got '" ~ (value | string) ~ "'") }}
    {%- elif as_integer and (value != (value | int) or value < 0) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ var_name ~ " must be a whole number >= 0, got " ~ (value | string)
        ) }}
    {%- endif -%}
    {%- if as_integer -%}
        {{ value | int }}
    {%- else -%}
        cast({{ value }} as double)
    {%- endif -%}
{%- endmacro %}
