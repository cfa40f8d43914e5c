-- noqa: disable=LT02
-- (reason: a jinja-only macro body; sqlfluff's indent rule cannot follow its control flow)
{#- The select of a <table>_rejected model: the raw text of every contract column,
    raw_row_number and the reason, for the rows of CTE `classified` (shop_classified over
    the rows of shop_rows_to_reclassify) that classification rejects, plus, when `orphans` is
    given, the rows of that CTE (raw_row_number of staged rows that a referential check after
    staging rejects) with the table's referential_reason of shop_rejection_reasons. -#}
{% macro shop_rejected_rows(table_name, orphans=none) -%}
    select
        {%- for column in shop_raw_contract(table_name)['columns'] %}
            classified.raw_{{ column }} as {{ column }},
        {%- endfor %}
        classified.raw_row_number,
        {%- if orphans %}
            coalesce(classified.rejection_reason, {{ shop_sql_string(shop_rejection_reasons()[table_name]['referential_reason']) }}) as rejection_reason
        {%- else %}
            classified.rejection_reason
        {%- endif %}
    from classified
    {%- if orphans %}
        left join {{ orphans }}
            on classified.raw_row_number = {{ orphans }}.raw_row_number
    {%- endif %}
    where
        classified.rejection_reason is not null
        {%- if orphans %}
            or {{ orphans }}.raw_row_number is not null
        {%- endif %}
{%- endmacro %}
