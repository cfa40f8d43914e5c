{#- Columns of a table that scripts/export_segments.py writes (source `exports`), each cast to its
    type. The table only exists after the first export and older tables lack the newer columns
    (the script adds them on its next snapshot), so: a missing table gives a typed empty select
    and a missing column null. `columns` is a list of [name, type]. -#}
{% macro exports_source(table_name, columns) -%}
    {%- set relation = source('exports', table_name) -%}
    {%- set existing = none -%}
    {%- if execute -%}
        {%- set found = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier
        ) -%}
        {%- if found is not none -%}
            {%- set existing = adapter.get_columns_in_relation(found) | map(attribute='name') | map('lower') | list -%}
        {%- endif -%}
    {%- endif %}
    {%- set items = [] -%}
    {%- for name, type in columns -%}
        {%- do items.append(
            'cast(' ~ (name if existing is not none and name in existing else 'null') ~ ' as ' ~ type ~ ') as ' ~ name
        ) -%}
    {%- endfor %}
    select
        {{ items | join(',\n        ') }}
    {%- if existing is none %}
    where 1 = 0
    {%- else %}
    from {{ relation }}
    {%- endif %}
{%- endmacro %}
