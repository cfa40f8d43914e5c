with

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

-- A purchase = one counted order of a known customer containing the sku (lines summed).
purchases as (
    {{ metrics_sku_purchases('order_lines') }}
),

purchases_with_previous as (
    select
        *,
        lag(order_date) over (
            partition by customer_id, sku
            order by order_date, order_id
        ) as previous_purchase_date
    from purchases
),

purchase_intervals as (
    select
        *,
        {{ metrics_days_between('previous_purchase_date', 'order_date') }} as days_since_previous_purchase
    from purchases_with_previous
),

sku_purchases as (
    select
        sku,
        count(distinct customer_id) as buyers,
        count(distinct case when previous_purchase_date is not null then customer_id end) as repeat_buyers,
        count(*) as orders_count,
        count(days_since_previous_purchase) as repurchases_count,
        sum(quantity) as quantity,
        sum(spend) as spend,
        {{ metrics_median('days_since_previous_purchase') }} as median_days_between_purchases,
        min(order_date) as first_purchase_date,
        max(order_date) as last_purchase_date
    from purchase_intervals
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
        sku_purchases.median_days_between_purchases,
        products.sku is not null as is_known_product,
        sku_purchases.first_purchase_date,
        sku_purchases.last_purchase_date
    from products
    full outer join sku_purchases
        on products.sku = sku_purchases.sku
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
