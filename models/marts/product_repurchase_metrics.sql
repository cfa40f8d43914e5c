with

customer_purchases as (
    select * from {{ ref('customer_product_purchases') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

-- One row per buyer and sku: a buyer with n purchases has n - 1 repurchase intervals. The sku's
-- buyers, rate, median and is_recurring are computed once in customer_product_purchases
-- (the same on every row of the sku), so they are grouping keys here.
sku_purchases as (
    select
        sku,
        sku_buyers as buyers,
        sku_repeat_buyers as repeat_buyers,
        sku_repurchase_rate as repurchase_rate,
        median_days_between_purchases,
        is_recurring_sku as is_recurring,
        sum(orders_count) as orders_count,
        sum(orders_count - 1) as repurchases_count,
        sum(quantity) as quantity,
        sum(spend) as spend,
        min(first_purchase_date) as first_purchase_date,
        max(last_purchase_date) as last_purchase_date
    from customer_purchases
    group by
        sku,
        sku_buyers,
        sku_repeat_buyers,
        sku_repurchase_rate,
        median_days_between_purchases,
        is_recurring_sku
),

-- Every staged product (never bought: 0 buyers) plus any bought sku missing from the list.
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
        sku_purchases.repurchase_rate,
        sku_purchases.median_days_between_purchases,
        coalesce(sku_purchases.is_recurring, false) as is_recurring,
        products.sku is not null as is_known_product,
        sku_purchases.first_purchase_date,
        sku_purchases.last_purchase_date
    from products
    full outer join sku_purchases
        on products.sku = sku_purchases.sku
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
        is_recurring,
        is_known_product,
        first_purchase_date,
        last_purchase_date
    from all_skus
)

select * from final
