{#- An activity condition (purchased, ordered, abandoned_cart, attribute, has_tag, first_order,
    last_order) as a boolean SQL expression that is never null. Conditions over facts register
    their per-customer aggregates in ctx['activities'] (keyed by a hash of the condition, so the
    same condition in many segments is computed once) and read them from the activity CTEs. -#}
{% macro segment_activity_condition(kind, spec, ctx, path) -%}
    {%- set seg = ctx['segment'] -%}
    {%- set date_ops = segment_allowed_ops('activity_date') -%}
    {%- if kind == 'has_tag' -%}
        {%- set values = [spec] if spec is string else spec -%}
        {%- set items = segment_literal_list(values, 'text', seg, path) -%}
        {%- set parts = [] -%}
        {%- for value in values -%}
            {%- do parts.append('coalesce(' ~ segment_list_contains('customers.tags', segment_quote_text(value))
                ~ ', false)') -%}
        {%- endfor -%}
        {%- do return('(' ~ parts | join(' or ') ~ ')') -%}
    {%- elif kind in ('first_order', 'last_order') -%}
        {%- do return(segment_ops_condition('customers.' ~ kind ~ '_date', 'date', spec, segment_allowed_ops('date'),
            seg, path, "'" ~ kind ~ "'")) -%}
    {%- endif -%}
    {%- if spec is not mapping -%}
        {{ segment_error(seg, path, 'expected a mapping, got ' ~ segment_type_name(spec) ~ ' ' ~ tojson(spec)) }}
    {%- endif -%}
    {%- set prefixes = {'ordered': 'o_', 'purchased': 'l_', 'abandoned_cart': 'c_', 'attribute': 'a_'} -%}
    {#- The aggregates depend only on the row filters, so conditions that differ only in their
        count/total/min_* thresholds share one aggregate column. -#}
    {%- set filter_spec = {} -%}
    {%- for name, value in spec.items() if kind == 'attribute' or name not in ('count', 'total', 'min_quantity', 'min_orders') -%}
        {%- do filter_spec.update({name: value}) -%}
    {%- endfor -%}
    {%- set key = prefixes[kind] ~ local_md5(tojson({kind: filter_spec}, sort_keys=true))[0:12] -%}
    {%- set filters = [] -%}
    {%- set aggregates = [] -%}
    {%- set checks = [] -%}

    {%- if kind == 'ordered' -%}
        {%- set table = 'orders' -%}
        {%- set allowed = ['status', 'offer_code', 'sales_channel'] + date_ops + ['count', 'total'] -%}
        {%- if 'status' not in spec -%}
            {%- do filters.append('orders.is_counted') -%}
        {%- endif -%}
        {%- for name, value in spec.items() -%}
            {%- set p = path ~ '.' ~ name -%}
            {%- if name not in allowed -%}
                {{ segment_error(seg, p, "unknown key '" ~ name ~ "'; expected one of " ~ allowed | join(', ')) }}
            {%- elif name in ('status', 'sales_channel') -%}
                {%- set lowered = (value | lower) if value is string else value -%}
                {%- if value is not string and value is iterable and value is not mapping -%}
                    {%- set lowered = [] -%}
                    {%- for v in value -%}{%- do lowered.append((v | lower) if v is string else v) -%}{%- endfor -%}
                {%- endif -%}
                {%- do filters.append('orders.' ~ name ~ ' in ' ~ segment_literal_list(lowered, 'text', seg, p, true)) -%}
            {%- elif name == 'offer_code' -%}
                {%- if value == 'any' -%}
                    {%- do filters.append('orders.offer_code is not null') -%}
                {%- else -%}
                    {%- do filters.append('orders.offer_code in ' ~ segment_literal_list(value, 'text', seg, p, true)) -%}
                {%- endif -%}
            {%- elif name in date_ops -%}
                {%- do filters.append('coalesce(' ~ segment_scalar_condition('orders.order_date', 'date', name, value, seg, p)
                    ~ ', false)') -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set condition = filters | join(' and ') -%}
        {%- do aggregates.append('count(case when ' ~ condition ~ ' then 1 end) as ' ~ key ~ '_orders') -%}
        {%- if 'count' in spec -%}
            {%- do checks.append(segment_ops_condition('coalesce(order_activity.' ~ key ~ '_orders, 0)', 'number',
                spec['count'], segment_allowed_ops('count'), seg, path ~ '.count', "'count'")) -%}
        {%- endif -%}
        {%- if 'total' in spec -%}
            {%- do aggregates.append('sum(case when ' ~ condition ~ ' then orders.order_total end) as ' ~ key ~ '_total') -%}
            {%- do checks.append(segment_ops_condition('coalesce(order_activity.' ~ key ~ '_total, 0)', 'number',
                spec['total'], segment_allowed_ops('count'), seg, path ~ '.total', "'total'")) -%}
        {%- endif -%}
        {%- if checks | length == 0 -%}
            {%- do checks.append('coalesce(order_activity.' ~ key ~ '_orders, 0) >= 1') -%}
        {%- endif -%}

    {%- elif kind == 'purchased' -%}
        {%- set table = 'order_lines' -%}
        {%- set allowed = ['sku', 'brand', 'category', 'product_tag'] + date_ops + ['min_quantity', 'min_orders'] -%}
        {%- do filters.append('order_lines.is_counted') -%}
        {%- for name, value in spec.items() -%}
            {%- set p = path ~ '.' ~ name -%}
            {%- if name not in allowed -%}
                {{ segment_error(seg, p, "unknown key '" ~ name ~ "'; expected one of " ~ allowed | join(', ')) }}
            {%- elif name == 'sku' -%}
                {%- do filters.append('order_lines.sku in ' ~ segment_literal_list(value, 'text', seg, p, true)) -%}
            {%- elif name in ('brand', 'category') -%}
                {%- do filters.append('lower(order_lines.' ~ name ~ ') in '
                    ~ (segment_literal_list(value, 'text', seg, p, true) | lower)) -%}
            {%- elif name == 'product_tag' -%}
                {%- set tags = [value] if value is string else value -%}
                {%- do segment_literal_list(tags, 'text', seg, p) -%}
                {%- set any_tag = [] -%}
                {%- for tag in tags -%}
                    {%- do any_tag.append('coalesce(' ~ segment_list_contains('order_lines.product_tags',
                        segment_quote_text(tag)) ~ ', false)') -%}
                {%- endfor -%}
                {%- do filters.append('(' ~ any_tag | join(' or ') ~ ')') -%}
            {%- elif name in date_ops -%}
                {%- do filters.append('coalesce(' ~ segment_scalar_condition('order_lines.order_date', 'date', name, value,
                    seg, p) ~ ', false)') -%}
            {%- elif value is boolean or value is not number or value != (value | int) or value < 1 -%}
                {{ segment_error(seg, p, 'expected a whole number >= 1, got ' ~ tojson(value)) }}
            {%- endif -%}
        {%- endfor -%}
        {%- set condition = filters | join(' and ') -%}
        {#- per (customer, order) first; segment_membership_sql sums these per customer -#}
        {%- do aggregates.append('max(case when ' ~ condition ~ ' then 1 else 0 end) as ' ~ key ~ '_orders') -%}
        {%- do aggregates.append('sum(case when ' ~ condition ~ ' then order_lines.quantity end) as ' ~ key ~ '_quantity') -%}
        {%- do checks.append('coalesce(line_activity.' ~ key ~ '_orders, 0) >= ' ~ (spec.get('min_orders', 1) | int)) -%}
        {%- do checks.append('coalesce(line_activity.' ~ key ~ '_quantity, 0) >= ' ~ (spec.get('min_quantity', 1) | int)) -%}

    {%- elif kind == 'abandoned_cart' -%}
        {%- set table = 'abandoned_carts' -%}
        {%- set allowed = date_ops + ['count'] -%}
        {%- for name, value in spec.items() -%}
            {%- set p = path ~ '.' ~ name -%}
            {%- if name not in allowed -%}
                {{ segment_error(seg, p, "unknown key '" ~ name ~ "'; expected one of " ~ allowed | join(', ')) }}
            {%- elif name in date_ops -%}
                {%- do filters.append('coalesce(' ~ segment_scalar_condition('abandoned_carts.abandoned_date', 'date', name,
                    value, seg, p) ~ ', false)') -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set condition = (filters | join(' and ')) or 'true' -%}
        {%- do aggregates.append('count(case when ' ~ condition ~ ' then 1 end) as ' ~ key ~ '_carts') -%}
        {%- if 'count' in spec -%}
            {%- do checks.append(segment_ops_condition('coalesce(cart_activity.' ~ key ~ '_carts, 0)', 'number',
                spec['count'], segment_allowed_ops('count'), seg, path ~ '.count', "'count'")) -%}
        {%- else -%}
            {%- do checks.append('coalesce(cart_activity.' ~ key ~ '_carts, 0) >= 1') -%}
        {%- endif -%}

    {%- elif kind == 'attribute' -%}
        {%- set table = 'customer_attributes' -%}
        {%- set allowed = segment_allowed_ops('attribute') -%}
        {%- if spec.get('name') is not string or spec.get('name') == '' -%}
            {{ segment_error(seg, path ~ '.name', "missing the attribute name ('name: <attribute>'), got "
                ~ tojson(spec.get('name'))) }}
        {%- endif -%}
        {%- set named = 'customer_attributes.attribute_name = ' ~ segment_quote_text(spec['name']) -%}
        {%- if spec | length == 1 -%}
            {{ segment_error(seg, path, 'no operator given; expected one of ' ~ allowed | join(', ')) }}
        {%- endif -%}
        {%- set value_checks = [] -%}
        {%- for name, value in spec.items() if name != 'name' -%}
            {%- set p = path ~ '.' ~ name -%}
            {%- set values = value if (value is not string and value is iterable and value is not mapping) else [value] -%}
            {%- set numbers = values | select('number') | reject('boolean') | list -%}
            {%- if name not in allowed -%}
                {{ segment_error(seg, p, "unknown operator '" ~ name ~ "' for 'attribute'; expected one of "
                    ~ allowed | join(', ')) }}
            {%- elif name == 'is_null' -%}
                {%- if value is not boolean -%}
                    {{ segment_error(seg, p, 'expected true or false, got ' ~ tojson(value)) }}
                {%- endif -%}
                {%- do aggregates.append('max(case when ' ~ named ~ ' and customer_attributes.attribute_value is not null'
                    ~ ' then 1 else 0 end) as ' ~ key ~ '_present') -%}
                {%- do checks.append('coalesce(attribute_activity.' ~ key ~ '_present, 0) = ' ~ (0 if value else 1)) -%}
            {%- elif name in segment_allowed_ops('activity_date') -%}
                {%- do value_checks.append('coalesce(' ~ segment_scalar_condition(
                    segment_try_cast('customer_attributes.attribute_value', 'date'), 'date', name, value, seg, p)
                    ~ ', false)') -%}
            {%- elif name != 'contains' and numbers | length == values | length -%}
                {%- do value_checks.append('coalesce(' ~ segment_scalar_condition(
                    segment_try_cast('customer_attributes.attribute_value', 'double'), 'number', name, value, seg, p)
                    ~ ', false)') -%}
            {%- else -%}
                {%- do value_checks.append('coalesce(' ~ segment_scalar_condition('customer_attributes.attribute_value',
                    'text', name, value, seg, p) ~ ', false)') -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if value_checks | length > 0 -%}
            {%- do aggregates.append('max(case when ' ~ named ~ ' and ' ~ value_checks | join(' and ')
                ~ ' then 1 else 0 end) as ' ~ key ~ '_matches') -%}
            {%- do checks.append('coalesce(attribute_activity.' ~ key ~ '_matches, 0) = 1') -%}
        {%- endif -%}
    {%- endif -%}

    {%- set registered = ctx['activities'].get(key, {'table': table, 'aggregates': []}) -%}
    {%- for aggregate in aggregates if aggregate not in registered.aggregates -%}
        {%- do registered.aggregates.append(aggregate) -%}
    {%- endfor -%}
    {%- do ctx['activities'].update({key: registered}) -%}
    {%- do return('(' ~ checks | join(' and ') ~ ')') -%}
{%- endmacro %}
