{#- The folder of var raw_path as an absolute path without a trailing slash: relative paths
    resolve from the repo root (env SHOP_SEGMENTS_HOME, set by the virtualenv), absolute paths
    (/..., ~/..., C:\..., s3://...) are used as given. -#}
{% macro shop_raw_path_folder(raw_path) -%}
    {%- set path = raw_path | string | trim -%}
    {%- if not modules.re.match('^(/|~|[A-Za-z]:[\\\\/]|[A-Za-z][A-Za-z0-9+.-]*://)', path) -%}
        {%- set home = env_var('SHOP_SEGMENTS_HOME', '.') | trim -%}
        {%- set path = home.rstrip('/') ~ '/' ~ path -%}
    {%- endif -%}
    {%- if path | length > 1 -%}
        {%- set path = path.rstrip('/') -%}
    {%- endif -%}
    {{ return(path) }}
{%- endmacro %}
