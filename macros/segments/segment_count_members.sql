{#- The number of distinct customers in segment_memberships (execute time; 1 while parsing or when
    empty): the size of the customer bitstrings in segment_overlap. -#}
{% macro segment_count_members() -%}
    {%- if not execute -%}
        {%- do return(1) -%}
    {%- endif -%}
    {%- set counted = run_query('select count(distinct customer_id) from ' ~ ref('segment_memberships')) -%}
    {%- do return([counted.columns[0].values()[0] | int, 1] | max) -%}
{%- endmacro %}
