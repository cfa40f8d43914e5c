{#- The body of segment_memberships after its import CTEs (customers, orders, order_lines,
    abandoned_carts, customer_attributes): activity aggregates computed ONCE per fact table for
    all segments (one pass each, one column per distinct activity filter; order lines are first
    aggregated per order, then per customer), every segment's
    predicate evaluated in one pass over customers, exclusive groups resolved by priority
    (member k = matches k and none of the earlier members), ending in CTE `final`. -#}
{% macro segment_membership_sql(segments) -%}
    {%- set activities = {} -%}
    {%- set predicates = [] -%}
    {%- for seg in segments -%}
        {%- do predicates.append(segment_condition(seg.condition, activities)) -%}
    {%- endfor -%}
    {%- set tables = [
        {'table': 'orders', 'cte': 'order_activity', 'where': 'orders.customer_id is not null and orders.order_date <= '
            ~ as_of_date()},
        {'table': 'order_lines', 'cte': 'line_activity', 'where': 'order_lines.customer_id is not null and '
            ~ 'order_lines.order_date <= ' ~ as_of_date()},
        {'table': 'abandoned_carts', 'cte': 'cart_activity', 'where': 'abandoned_carts.customer_id is not null and '
            ~ 'abandoned_carts.abandoned_date <= ' ~ as_of_date()},
        {'table': 'customer_attributes', 'cte': 'attribute_activity', 'where': 'customer_attributes.customer_id is not null'},
    ] -%}
    {%- set joins = [] -%}
    {%- for t in tables -%}
        {%- set measures = activities.get(t.table, {}) -%}
        {%- set aggregates = [] -%}
        {%- for name in measures | sort -%}
            {%- do aggregates.append(measures[name] ~ ' as ' ~ name) -%}
        {%- endfor -%}
        {%- if aggregates | length > 0 and t.table == 'order_lines' %}
{#- purchased: per (customer, order) first (did the order have a matching line, how many items),
    then summed per customer: min_orders without count(distinct ...) per condition. #}
line_order_activity as (

    select
        order_lines.customer_id,
        order_lines.order_id,
        {{ aggregates | join(',\n        ') }}
    from order_lines
    where {{ t.where }}
    group by order_lines.customer_id, order_lines.order_id

),

line_activity as (

    select
        line_order_activity.customer_id,
        {%- for aggregate in aggregates %}
        sum(line_order_activity.{{ aggregate.split(' as ')[-1] }}) as {{ aggregate.split(' as ')[-1] }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from line_order_activity
    group by line_order_activity.customer_id

),
{%- do joins.append(t.cte) -%}
        {%- elif aggregates | length > 0 %}
{{ t.cte }} as (

    select
        {{ t.table }}.customer_id,
        {{ aggregates | join(',\n        ') }}
    from {{ t.table }}
    where {{ t.where }}
    group by {{ t.table }}.customer_id

),
{%- do joins.append(t.cte) -%}
        {%- endif -%}
    {%- endfor %}

{%- if segments | length == 0 %}

final as (

    select
        cast(null as {{ dbt.type_string() }}) as segment_name,
        customers.customer_id,
        {{ as_of_date() }} as as_of_date,
        cast(null as {{ dbt.type_string() }}) as group_name
    from customers
    where 1 = 0

)
{%- else %}

evaluated as (

    select
        customers.customer_id,
        {%- for predicate in predicates %}
        {{ predicate }} as is_match_{{ loop.index0 }}{{ ',' if not loop.last }}
        {%- endfor %}
    from customers
    {%- for cte in joins %}
    left join {{ cte }}
        on customers.customer_id = {{ cte }}.customer_id
    {%- endfor %}

),

memberships as (
    {%- for seg in segments %}
    {%- set index = loop.index0 %}
    {%- set earlier = [] %}
    {%- if seg.group is not none %}
        {%- for other in segments if other.group == seg.group and other.group_priority < seg.group_priority %}
            {%- do earlier.append('not evaluated.is_match_' ~ segments.index(other)) %}
        {%- endfor %}
    {%- endif %}

    select
        {{ segment_quote_text(seg.name) }} as segment_name,
        evaluated.customer_id,
        {{ segment_quote_text(seg.group) if seg.group is not none else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as group_name
    from evaluated
    where evaluated.is_match_{{ index }}{% for e in earlier %} and {{ e }}{% endfor %}
    {{- '\n\n    union all' if not loop.last }}
    {%- endfor %}

),

final as (

    select
        cast(segment_name as {{ dbt.type_string() }}) as segment_name,
        customer_id,
        {{ as_of_date() }} as as_of_date,
        cast(group_name as {{ dbt.type_string() }}) as group_name
    from memberships

)
{%- endif %}
{%- endmacro %}
