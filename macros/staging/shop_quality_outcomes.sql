{#- Every possible outcome of data_quality_report, in report order: a list of dicts with
    table_name, table_order, outcome_type ('kept' | 'rejected'), outcome and outcome_order
    (0 kept, 1.. rejection reasons in check order), built from shop_rejection_reasons(). -#}
{% macro shop_quality_outcomes() -%}
    {%- set outcomes = [] -%}
    {%- for table_name, spec in shop_rejection_reasons().items() -%}
        {%- set table_order = loop.index -%}
        {%- do outcomes.append({
            'table_name': table_name, 'table_order': table_order,
            'outcome_type': 'kept', 'outcome': 'kept', 'outcome_order': 0}) -%}
        {%- for reason in spec['reasons'] -%}
            {%- do outcomes.append({
                'table_name': table_name, 'table_order': table_order,
                'outcome_type': 'rejected', 'outcome': reason, 'outcome_order': loop.index}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(outcomes) }}
{%- endmacro %}
