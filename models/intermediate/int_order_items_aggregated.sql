with

order_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

aggregated as (
    select
        order_id,
        count(*) as lines_count,
        count(distinct sku) as distinct_skus_count,
        sum(quantity) as items_count,
        sum(quantity * unit_price) as lines_total
    from order_lines
    group by order_id
),

final as (
    select
        order_id,
        cast(lines_count as bigint) as lines_count,
        cast(distinct_skus_count as bigint) as distinct_skus_count,
        cast(items_count as bigint) as items_count,
        cast(lines_total as decimal(18, 2)) as lines_total
    from aggregated
)

select * from final
