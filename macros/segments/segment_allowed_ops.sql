{#- The operators a value of `kind` accepts (keep in step with scripts/segment_lang/validate.py). -#}
{% macro segment_allowed_ops(kind) -%}
    {%- set comparison = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] -%}
    {%- set dates = ['before', 'after', 'on', 'within', 'within_next', 'ago', 'during'] -%}
    {%- set by_kind = {
        'number': comparison + ['between', 'in', 'not_in', 'is_null'],
        'text': comparison + ['between', 'in', 'not_in', 'is_null', 'contains'],
        'date': comparison + ['between', 'in', 'not_in', 'is_null'] + dates,
        'timestamp': comparison + ['between', 'is_null'] + dates,
        'boolean': ['eq', 'ne', 'is_null'],
        'list': ['contains', 'is_null'],
        'map': ['is_null'],
        'count': comparison + ['between', 'in', 'not_in'],
        'activity_date': dates + ['between'],
        'attribute': comparison + ['between', 'in', 'not_in', 'is_null', 'contains'] + dates,
    } -%}
    {%- do return(by_kind[kind]) -%}
{%- endmacro %}
