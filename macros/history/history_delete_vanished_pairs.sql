{#- Post-hook SQL of the incremental segment history models: on an incremental run, delete the
    rows of (segment_name, customer_id) pairs that no longer have any stay. A pair loses all its
    stays only when every snapshot version of it was opened and closed at the same as_of date (a
    same-day rebuild after a data correction); delete+insert cannot remove such a pair because the
    batch has no row for it. Nothing on a full build or --full-refresh. -#}
{% macro history_delete_vanished_pairs(target, snapshot) -%}
    {{ return(adapter.dispatch('history_delete_vanished_pairs', 'shop_segments')(target, snapshot)) }}
{%- endmacro %}

{% macro default__history_delete_vanished_pairs(target, snapshot) -%}
    {%- if is_incremental() -%}
        delete from {{ target }} as target_rows
        where
            exists (
                select 1
                from {{ snapshot }} as same_day
                where
                    same_day.dbt_valid_to = same_day.dbt_valid_from
                    and same_day.segment_name = target_rows.segment_name
                    and same_day.customer_id = target_rows.customer_id
            )
            and not exists (
                select 1
                from {{ snapshot }} as held
                where
                    (held.dbt_valid_to is null or held.dbt_valid_to > held.dbt_valid_from)
                    and held.segment_name = target_rows.segment_name
                    and held.customer_id = target_rows.customer_id
            )
    {%- endif -%}
{%- endmacro %}
