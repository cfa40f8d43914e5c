{#- A segment's condition as one boolean SQL expression over the aliases customers and the
    activity CTEs. The tree comes from scripts/segment_lang/render.py, already validated and
    normalised: all / any / not, test (one operator, rendered by segment_test) and activity (its
    aggregates are registered in `activities`, keyed by column name so the same filter in many
    segments is aggregated once; segment_membership_sql renders them). -#}
{% macro segment_condition(node, activities) -%}
    {%- if 'test' in node -%}
        {%- do return(segment_test(node.test.expr, node.test.type, node.test.op, node.test.value)) -%}
    {%- elif 'not' in node -%}
        {%- do return('(not ' ~ segment_condition(node['not'], activities) ~ ')') -%}
    {%- elif 'activity' in node -%}
        {%- set registered = activities.setdefault(node.activity.table, {}) -%}
        {%- for measure in node.activity.measures -%}
            {%- set when = segment_condition(measure.when, activities) -%}
            {%- if measure.agg == 'count' -%}
                {%- do registered.update({measure.name: 'count(case when ' ~ when ~ ' then 1 end)'}) -%}
            {%- elif measure.agg == 'sum' -%}
                {%- do registered.update({measure.name: 'sum(case when ' ~ when ~ ' then ' ~ measure.of ~ ' end)'}) -%}
            {%- else -%}
                {%- do registered.update({measure.name: 'max(case when ' ~ when ~ ' then 1 else 0 end)'}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do return(segment_condition(node.activity.check, activities)) -%}
    {%- endif -%}
    {%- set key = 'all' if 'all' in node else 'any' -%}
    {%- set parts = [] -%}
    {%- for child in node[key] -%}
        {%- do parts.append(segment_condition(child, activities)) -%}
    {%- endfor -%}
    {%- if parts | length == 0 -%}
        {%- do return('true' if key == 'all' else 'false') -%}
    {%- endif -%}
    {%- do return('(' ~ parts | join(' and ' if key == 'all' else ' or ') ~ ')') -%}
{%- endmacro %}
