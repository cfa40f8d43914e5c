-- noqa: disable=LT02
-- (reason: a jinja-only macro body; sqlfluff's indent rule cannot follow its control flow)
{#- The select of a <table>_rejected model: the raw text of every contract column,
    raw_row_number and the reason, for the rows of CTE `classified` (base_shop__<table>_classified)
    that staging rejected, plus, when `parent` is given, the rows staging kept whose `key` has no
    row in CTE `parent` (the referential check after staging; reason `orphan_reason`). `exempt`
    is a SQL condition on `classified` for kept rows that need no parent (a guest checkout). -#}
{% macro shop_rejected_rows(table_name, parent=none, key=none, orphan_reason=none, exempt=none) -%}
    select
        {%- for column in shop_raw_contract(table_name)['columns'] %}
            classified.raw_{{ column }} as {{ column }},
        {%- endfor %}
        classified.raw_row_number,
        {%- if parent %}
            coalesce(classified.rejection_reason, {{ shop_sql_string(orphan_reason) }}) as rejection_reason
        {%- else %}
            classified.rejection_reason
        {%- endif %}
    from classified
    {%- if parent %}
        left join {{ parent }}
            on classified.{{ key }} = {{ parent }}.{{ key }}
    {%- endif %}
    where
        classified.rejection_reason is not null
        {%- if parent %}
            or ({% if exempt %}not ({{ exempt }}) and {% endif %}{{ parent }}.{{ key }} is null)
        {%- endif %}
{%- endmacro %}
