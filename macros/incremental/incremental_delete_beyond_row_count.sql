{#- Post-hook SQL for an incremental classified staging model: on an incremental run, delete the
    rows of `target` whose raw_row_number is above the number of rows of `raw`. raw_row_number
    numbers the raw rows 1..n without gaps (shop_raw_row_number), so these are exactly the rows
    whose raw row vanished; rows whose number still exists were compared and replaced by the run
    itself. A count instead of an anti-join over every raw row (about 2 s on 25M lines). Nothing
    on a full build. -#}
{% macro incremental_delete_beyond_row_count(target, raw) -%}
    {{ return(adapter.dispatch('incremental_delete_beyond_row_count', 'shop_segments')(target, raw)) }}
{%- endmacro %}

{% macro default__incremental_delete_beyond_row_count(target, raw) -%}
    {%- if is_incremental() -%}
        delete from {{ target }}
        where raw_row_number > (select count(*) from {{ raw }})
    {%- endif -%}
{%- endmacro %}
