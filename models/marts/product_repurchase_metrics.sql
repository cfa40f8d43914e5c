with

customer_purchases as (
    select * from {{ ref('int_customer_product_purchases') }}
),

repurchase_intervals as (
    select * from {{ ref('int_customer_product_repurchase_intervals') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

-- One row per buyer and sku: a buyer with n purchases has n - 1 repurchase intervals.
sku_purchases as (
    select
        sku,
        count(*) as buyers,
        sum(case when orders_count >= 2 then 1 else 0 end) as repeat_buyers,
        sum(orders_count) as orders_count,
        sum(orders_count - 1) as repurchases_count,
        sum(quantity) as quantity,
        sum(spend) as spend,
        min(first_purchase_date) as first_purchase_date,
        max(last_purchase_date) as last_purchase_date
    from customer_purchases
    group by sku
),

-- The median interval from the per-sku distribution of interval lengths (days are whole
-- numbers): the values at positions floor((n + 1) / 2) and floor(n / 2) + 1 of the sorted
-- intervals, averaged (the two are the same value for an odd n).
sku_intervals as (
    select
        sku,
        days_between_purchases,
        sum(intervals_count) as intervals_count
    from repurchase_intervals
    group by sku, days_between_purchases
),

sku_intervals_positioned as (
    select
        sku,
        days_between_purchases,
        intervals_count,
        sum(intervals_count) over (
            partition by sku
            order by days_between_purchases
            rows between unbounded preceding and current row
        ) as position_to,
        sum(intervals_count) over (partition by sku) as sku_intervals_count
    from sku_intervals
),

sku_middle_positions as (
    select
        *,
        position_to - intervals_count + 1 as position_from,
        floor((sku_intervals_count + 1) / 2) as lower_middle_position,
        floor(sku_intervals_count / 2) + 1 as upper_middle_position
    from sku_intervals_positioned
),

sku_medians as (
    select
        sku,
        cast(
            max(
                case
                    when lower_middle_position between position_from and position_to
                        then days_between_purchases
                end
            )
            + max(
                case
                    when upper_middle_position between position_from and position_to
                        then days_between_purchases
                end
            ) as double
        ) / 2 as median_days_between_purchases
    from sku_middle_positions
    group by sku
),

all_skus as (
    select
        coalesce(products.sku, sku_purchases.sku) as sku,
        products.product_name,
        products.brand,
        products.category,
        coalesce(sku_purchases.buyers, 0) as buyers,
        coalesce(sku_purchases.repeat_buyers, 0) as repeat_buyers,
        coalesce(sku_purchases.orders_count, 0) as orders_count,
        coalesce(sku_purchases.repurchases_count, 0) as repurchases_count,
        coalesce(sku_purchases.quantity, 0) as quantity,
        coalesce(sku_purchases.spend, 0) as spend,
        sku_medians.median_days_between_purchases,
        products.sku is not null as is_known_product,
        sku_purchases.first_purchase_date,
        sku_purchases.last_purchase_date
    from products
    full outer join sku_purchases
        on products.sku = sku_purchases.sku
    left join sku_medians
        on coalesce(products.sku, sku_purchases.sku) = sku_medians.sku
),

rated as (
    select
        *,
        case
            when buyers > 0 then cast(repeat_buyers as double) / cast(buyers as double)
        end as repurchase_rate
    from all_skus
),

final as (
    select
        sku,
        product_name,
        brand,
        category,
        cast(buyers as bigint) as buyers,
        cast(repeat_buyers as bigint) as repeat_buyers,
        cast(orders_count as bigint) as orders_count,
        cast(repurchases_count as bigint) as repurchases_count,
        cast(quantity as bigint) as quantity,
        cast(spend as decimal(18, 2)) as spend,
        repurchase_rate,
        median_days_between_purchases,
        coalesce(
            buyers >= {{ metrics_numeric_var('recurring_min_buyers', as_integer=true) }}
            and repurchase_rate >= {{ metrics_numeric_var('recurring_min_repurchase_rate') }}
            and median_days_between_purchases is not null,
            false
        ) as is_recurring,
        is_known_product,
        first_purchase_date,
        last_purchase_date
    from rated
)

select * from final
