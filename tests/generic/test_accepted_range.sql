{#- Fails for every row whose value lies outside [min_value, max_value] (either bound optional;
    inclusive unless inclusive=false). Null values pass (combine with not_null). -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
{%- set lower_op = ' < ' if inclusive else ' <= ' %}
{%- set upper_op = ' > ' if inclusive else ' >= ' %}
{%- set below = column_name ~ lower_op ~ min_value if min_value is not none else '1 = 0' %}
{%- set above = column_name ~ upper_op ~ max_value if max_value is not none else '1 = 0' %}
    select {{ column_name }} as tested_value
    from {{ model }}
    where {{ column_name }} is not null and ({{ below }} or {{ above }})
{% endtest %}
