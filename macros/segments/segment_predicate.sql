{#- A condition tree (all / any / not / column condition / activity condition) as one boolean
    SQL expression over the aliases customers, order_activity, line_activity, cart_activity and
    attribute_activity. Never null: every leaf is coalesced to false, so `not` is a plain
    negation. Validates while rendering; errors name the segment and the key path.
    ctx: {'segment': name, 'columns': segment_columns(), 'activities': {} (filled here)}. -#}
{% macro segment_predicate(node, ctx, path) -%}
    {%- set seg = ctx['segment'] -%}
    {%- set activity_keys = ['purchased', 'ordered', 'first_order', 'last_order', 'abandoned_cart', 'has_tag',
        'attribute'] -%}
    {%- if node is not mapping or node | length != 1 -%}
        {{ segment_error(seg, path, 'a condition is a mapping with exactly one key (a column, all, any, not or an '
            ~ 'activity), got ' ~ tojson(node)) }}
    {%- endif -%}
    {%- set key = (node.keys() | list)[0] | string -%}
    {%- set value = node[(node.keys() | list)[0]] -%}
    {%- set p = path ~ '.' ~ key -%}
    {%- if key in ('all', 'any') -%}
        {%- if value is string or value is mapping or value is not iterable or value | length == 0 -%}
            {{ segment_error(seg, p, "'" ~ key ~ "' needs a non-empty list of conditions, got " ~ tojson(value)) }}
        {%- endif -%}
        {%- set parts = [] -%}
        {%- for child in value -%}
            {%- do parts.append(segment_predicate(child, ctx, p ~ '[' ~ loop.index0 ~ ']')) -%}
        {%- endfor -%}
        {%- do return('(' ~ parts | join(' and ' if key == 'all' else ' or ') ~ ')') -%}
    {%- elif key == 'not' -%}
        {%- do return('(not ' ~ segment_predicate(value, ctx, p) ~ ')') -%}
    {%- elif key in activity_keys -%}
        {%- do return(segment_activity_condition(key, value, ctx, p)) -%}
    {%- elif key | lower in ctx['columns'] -%}
        {%- set kind = ctx['columns'][key | lower] -%}
        {%- do return(segment_ops_condition('customers.' ~ (key | lower), kind, value, segment_allowed_ops(kind), seg, p,
            kind ~ " column '" ~ key ~ "'")) -%}
    {%- endif -%}
    {{ segment_error(seg, p, "unknown column or condition '" ~ key ~ "' (not a column of dim_customers, nor one of "
        ~ (['all', 'any', 'not'] + activity_keys) | join(', ') ~ ')') }}
{%- endmacro %}
