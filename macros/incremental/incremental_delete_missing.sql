{#- Post-hook SQL for an incremental model: on an incremental run, delete the rows of `target`
    whose `key` is not in `keep` (rows whose source vanished); nothing on a full build. With
    `condition` (SQL over `kept` and `target_rows`), only the rows of `keep` meeting it count. -#}
{% macro incremental_delete_missing(target, keep, key, condition=none) -%}
    {{ return(adapter.dispatch('incremental_delete_missing', 'shop_segments')(target, keep, key, condition)) }}
{%- endmacro %}

{% macro default__incremental_delete_missing(target, keep, key, condition=none) -%}
    {%- set also = ' and (' ~ condition ~ ')' if condition else '' -%}
    {%- if is_incremental() -%}
        delete from {{ target }} as target_rows
        where not exists (
            select 1
            from {{ keep }} as kept
            where kept.{{ key }} = target_rows.{{ key }}{{ also }}
        )
    {%- endif -%}
{%- endmacro %}
