-- noqa: disable=LT02
-- (reason: jinja loops inside the select lists; sqlfluff's indent rule cannot follow them)
{#- CTEs (to be placed inside a WITH) for an incremental classified staging model: the raw rows
    of CTE `raw` whose classification may differ from the one stored in {{ this }}. The last CTE
    is `raw_batch`, with the columns of `raw`. A raw row is in the batch when
      - it is new or its raw text changed (compared column by column with the stored raw_<column>
        at the same raw_row_number);
      - its key (clean_text of raw column `key_column`) is the new or old key of such a row or of
        a stored row whose raw row vanished: copy_number and key_versions are per key, so the
        whole key is re-checked;
      - its key is missing (those rows are few and their copy numbers span the whole table);
      - its stored `known_flag` no longer matches CTE `parent` (the parent row it points to,
        `foreign_key` = parent.`parent_key`, was added, removed or rejected).
    Stored rows whose raw_row_number no longer exists are left to a post-hook
    (incremental_delete_missing). Only on incremental runs (is_incremental()). -#}
{% macro shop_incremental_raw_batch(raw, raw_columns, key_column, parent, parent_key, foreign_key, known_flag) -%}
loaded as (

    select
        raw_row_number,
        {{ key_column }},
        {{ foreign_key }},
        {{ known_flag }},
        {%- for column in raw_columns %}
        raw_{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ this }}

),

raw_changes as (

    select
        {{ raw }}.raw_row_number,
        {{ clean_text(raw ~ '.' ~ key_column) }} as new_key,
        loaded.{{ key_column }} as old_key
    from {{ raw }}
    full outer join loaded
        on {{ raw }}.raw_row_number = loaded.raw_row_number
    where
        {{ raw }}.raw_row_number is null
        or loaded.raw_row_number is null
        {%- for column in raw_columns %}
        or {{ raw }}.{{ column }} is distinct from loaded.raw_{{ column }}
        {%- endfor %}

),

affected_keys as (

    select new_key as affected_key from raw_changes where new_key is not null
    union
    select old_key as affected_key from raw_changes where old_key is not null

),

parent_changes as (

    select loaded.raw_row_number
    from loaded
    left join {{ parent }}
        on loaded.{{ foreign_key }} = {{ parent }}.{{ parent_key }}
    where loaded.{{ known_flag }} <> ({{ parent }}.{{ parent_key }} is not null)

),

affected_rows as (

    select raw_row_number from raw_changes where raw_row_number is not null
    union
    select raw_row_number from parent_changes

),

raw_batch as (

    select {{ raw }}.*
    from {{ raw }}
    left join affected_rows
        on {{ raw }}.raw_row_number = affected_rows.raw_row_number
    left join affected_keys
        on {{ clean_text(raw ~ '.' ~ key_column) }} = affected_keys.affected_key
    where
        affected_rows.raw_row_number is not null
        or affected_keys.affected_key is not null
        or {{ clean_text(raw ~ '.' ~ key_column) }} is null

)
{%- endmacro %}
