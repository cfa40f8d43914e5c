with

customer_skus as (
    select * from {{ ref('int_customer_product_purchases') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

product_tags as (
    select * from {{ ref('int_product_tags_aggregated') }}
),

joined as (
    select
        customer_skus.customer_id,
        customer_skus.sku,
        products.product_name,
        products.brand,
        products.category,
        {{ metrics_coalesce_text_list('product_tags.product_tags') }} as product_tags,
        customer_skus.orders_count,
        customer_skus.quantity,
        customer_skus.spend,
        customer_skus.median_days_between_purchases,
        customer_skus.is_recurring_sku,
        customer_skus.first_purchase_date,
        customer_skus.last_purchase_date,
        customer_skus.next_repurchase_due_date
    from customer_skus
    left join products
        on customer_skus.sku = products.sku
    left join product_tags
        on customer_skus.sku = product_tags.sku
),

final as (
    select
        customer_id,
        sku,
        product_name,
        brand,
        category,
        product_tags,
        cast(orders_count as bigint) as orders_count,
        cast(quantity as bigint) as quantity,
        cast(spend as decimal(18, 2)) as spend,
        median_days_between_purchases,
        is_recurring_sku,
        first_purchase_date,
        last_purchase_date,
        next_repurchase_due_date
    from joined
)

select * from final
