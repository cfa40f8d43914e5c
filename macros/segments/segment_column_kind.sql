{#- A warehouse data type -> the language's kind (number, text, date, timestamp, boolean, list,
    map: only is_null; use the attribute condition for custom attributes);
    same mapping as scripts/segment_lang/catalog.py column_kind(). -#}
{% macro segment_column_kind(data_type) -%}
    {%- set t = (data_type or '') | string | trim | lower -%}
    {%- if t.endswith('[]') or t.startswith('array') or t.startswith('list') -%}
        {%- do return('list') -%}
    {%- elif t.startswith('map') or t.startswith('struct') or t.startswith('json') -%}
        {%- do return('map') -%}
    {%- elif t.startswith('timestamp') or t == 'datetime' -%}
        {%- do return('timestamp') -%}
    {%- elif t == 'date' -%}
        {%- do return('date') -%}
    {%- elif t.startswith('bool') -%}
        {%- do return('boolean') -%}
    {%- endif -%}
    {%- for n in ['int', 'decimal', 'numeric', 'double', 'float', 'real'] -%}
        {%- if n in t -%}
            {%- do return('number') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do return('text') -%}
{%- endmacro %}
