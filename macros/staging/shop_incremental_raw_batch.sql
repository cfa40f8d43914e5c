-- noqa: disable=LT02
-- (reason: jinja loops inside the select lists; sqlfluff's indent rule cannot follow them)
{#- CTEs (to be placed inside a WITH) for an incremental classified staging model: the raw rows
    of CTE `raw` whose classification may differ from the one stored in {{ this }}. The last CTE
    is `raw_batch`, with the columns of `raw`. A raw row is in the batch when
      - it is new or its raw text changed: its row hash (shop_row_hash of the raw columns)
        differs from the stored raw_row_hash at the same raw_row_number. Rows are compared in
        blocks of 65,536 raw_row_numbers first (row count and xor of the hashes per block), and
        row by row only inside the blocks that differ, so a run that appends rows reads the
        stored table's two narrow columns once and compares a few blocks;
      - its key (clean_text of raw column `key_column`) is the new or old key of such a row or of
        a stored row whose raw row vanished: copy_number and key_versions are per key, so the
        whole key is re-checked;
      - its key is missing (those rows are few and their copy numbers span the whole table);
      - its stored `known_flag` no longer matches CTE `parent` (the parent row it points to,
        `foreign_key` = parent.`parent_key`, was added, removed or rejected); only when a parent
        is given (customers have none).
    Stored rows whose raw_row_number no longer exists are left to a post-hook
    (incremental_delete_beyond_row_count). Only on incremental runs (is_incremental()). -#}
{% macro shop_incremental_raw_batch(
    raw, raw_columns, key_column, parent=none, parent_key=none, foreign_key=none, known_flag=none
) -%}
    {%- set hashed_columns = [] -%}
    {%- for column in raw_columns -%}
        {%- do hashed_columns.append(raw ~ '.' ~ column) -%}
    {%- endfor -%}
    {%- set block_size = 65536 -%}
    {#- A table built before raw_row_hash existed: every block differs once, then the column
        (added by on_schema_change) is filled. -#}
loaded as (

    select
        raw_row_number,
        {%- if incremental_has_column(this, 'raw_row_hash') %}
        raw_row_hash,
        {%- else %}
        cast(null as {{ dbt.type_bigint() }}) as raw_row_hash,
        {%- endif %}
        {{ key_column }},
        {%- if parent %}
        {{ foreign_key }},
        {{ known_flag }},
        {%- endif %}
        floor((raw_row_number - 1) / {{ block_size }}) as block_number
    from {{ this }}

),

raw_hashed as (

    select
        {{ raw }}.raw_row_number,
        {{ shop_row_hash(hashed_columns) }} as raw_row_hash,
        {{ clean_text(raw ~ '.' ~ key_column) }} as row_key,
        floor(({{ raw }}.raw_row_number - 1) / {{ block_size }}) as block_number
    from {{ raw }}

),

raw_blocks as (

    select
        block_number,
        count(*) as rows_count,
        {{ shop_hash_xor_agg('raw_row_hash') }} as block_hash
    from raw_hashed
    group by block_number

),

loaded_blocks as (

    select
        block_number,
        count(*) as rows_count,
        {{ shop_hash_xor_agg('raw_row_hash') }} as block_hash
    from loaded
    group by block_number

),

changed_blocks as (

    select coalesce(raw_blocks.block_number, loaded_blocks.block_number) as block_number
    from raw_blocks
    full outer join loaded_blocks
        on raw_blocks.block_number = loaded_blocks.block_number
    where
        raw_blocks.block_number is null
        or loaded_blocks.block_number is null
        or loaded_blocks.block_hash is null
        or raw_blocks.rows_count <> loaded_blocks.rows_count
        or raw_blocks.block_hash <> loaded_blocks.block_hash

),

raw_in_changed_blocks as (

    select raw_hashed.*
    from raw_hashed
    inner join changed_blocks
        on raw_hashed.block_number = changed_blocks.block_number

),

loaded_in_changed_blocks as (

    select loaded.*
    from loaded
    inner join changed_blocks
        on loaded.block_number = changed_blocks.block_number

),

raw_changes as (

    select
        raw_in_changed_blocks.raw_row_number,
        raw_in_changed_blocks.row_key as new_key,
        loaded_in_changed_blocks.{{ key_column }} as old_key
    from raw_in_changed_blocks
    full outer join loaded_in_changed_blocks
        on raw_in_changed_blocks.raw_row_number = loaded_in_changed_blocks.raw_row_number
    where
        raw_in_changed_blocks.raw_row_number is null
        or loaded_in_changed_blocks.raw_row_number is null
        or raw_in_changed_blocks.raw_row_hash <> loaded_in_changed_blocks.raw_row_hash
        or loaded_in_changed_blocks.raw_row_hash is null

),

affected_keys as (

    select new_key as affected_key from raw_changes where new_key is not null
    union
    select old_key as affected_key from raw_changes where old_key is not null

),

{%- if parent %}

parent_changes as (

    select loaded.raw_row_number
    from loaded
    left join {{ parent }}
        on loaded.{{ foreign_key }} = {{ parent }}.{{ parent_key }}
    where loaded.{{ known_flag }} <> ({{ parent }}.{{ parent_key }} is not null)

),
{%- endif %}

affected_rows as (

    select raw_row_number from raw_changes where raw_row_number is not null
    {%- if parent %}
    union
    select raw_row_number from parent_changes
    {%- endif %}

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
