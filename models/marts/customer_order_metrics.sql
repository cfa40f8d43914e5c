{%- set window_months = [1, 3, 6, 12, 24, 36] -%}

with

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

orders as (
    select * from {{ ref('fct_orders') }}
),

customer_product_purchases as (
    select * from {{ ref('customer_product_purchases') }}
),

abandoned_carts as (
    select * from {{ ref('stg_shop__abandoned_carts') }}
),

rfm_segment_grid as (
    select * from {{ ref('rfm_segment_grid') }}
),

customer_orders as (
    select * from orders
    where
        customer_id is not null
        and order_date <= {{ as_of_date() }}
),

-- One pass over the orders: every count, sum and window is a conditional aggregate.
order_aggregates as (
    select
        customer_id,
        count(*) as all_orders_count,
        sum(case when is_counted then 1 else 0 end) as orders_count,
        sum(case when is_counted then order_total else 0 end) as lifetime_revenue,
        sum(case when is_counted then items_count else 0 end) as items_count,
        min(case when is_counted then order_date end) as first_order_date,
        max(case when is_counted then order_date end) as last_order_date,
        {%- for n in window_months %}
            sum(
                case
                    when is_counted and order_date > {{ metrics_add_months(as_of_date(), -n) }}
                        then order_total
                    else 0
                end
            ) as spend_{{ n }}m,
            sum(
                case
                    when is_counted and order_date > {{ metrics_add_months(as_of_date(), -n) }}
                        then 1
                    else 0
                end
            ) as orders_{{ n }}m,
        {%- endfor %}
        sum(
            case
                when is_counted and order_date >= {{ metrics_year_start(as_of_date()) }}
                    then order_total
                else 0
            end
        ) as spend_this_year,
        sum(
            case
                when is_counted and order_date >= {{ metrics_year_start(as_of_date()) }}
                    then 1
                else 0
            end
        ) as orders_this_year,
        sum(
            case
                when
                    is_counted
                    and order_date >= {{ metrics_year_start(metrics_add_months(as_of_date(), -12)) }}
                    and order_date < {{ metrics_year_start(as_of_date()) }}
                    then order_total
                else 0
            end
        ) as spend_last_year,
        sum(
            case
                when
                    is_counted
                    and order_date >= {{ metrics_year_start(metrics_add_months(as_of_date(), -12)) }}
                    and order_date < {{ metrics_year_start(as_of_date()) }}
                    then 1
                else 0
            end
        ) as orders_last_year,
        sum(case when status = 'cancelled' then 1 else 0 end) as cancelled_orders_count,
        sum(case when status = 'refunded' then 1 else 0 end) as refunded_orders_count,
        sum(case when is_counted and offer_code is not null then 1 else 0 end) as offer_code_orders_count,
        sum(case when is_counted and discount_total > 0 then 1 else 0 end) as discounted_orders_count,
        sum(case when is_counted and discount_total > 0 then discount_total else 0 end) as lifetime_discount
    from customer_orders
    group by customer_id
),

-- One row per customer and sku bought (customer_product_purchases carries the sku's
-- is_recurring, the next due date and the product's category and brand: null for a sku missing
-- from the product list).
product_aggregates as (
    select
        customer_product_purchases.customer_id,
        count(*) as distinct_products_count,
        count(distinct customer_product_purchases.category) as distinct_categories_count,
        count(distinct customer_product_purchases.brand) as distinct_brands_count,
        sum(
            case
                when customer_product_purchases.is_recurring_sku then customer_product_purchases.quantity
                else 0
            end
        ) as recurring_items_count,
        min(customer_product_purchases.next_repurchase_due_date) as next_repurchase_due_date
    from customer_product_purchases
    group by customer_product_purchases.customer_id
),

cart_aggregates as (
    select
        customer_id,
        count(*) as abandoned_carts_count,
        max(abandoned_date) as last_abandoned_cart_date
    from abandoned_carts
    where
        customer_id is not null
        and abandoned_date <= {{ as_of_date() }}
    group by customer_id
),

joined as (
    select
        customers.customer_id,
        coalesce(order_aggregates.orders_count, 0) as orders_count,
        coalesce(order_aggregates.lifetime_revenue, 0) as lifetime_revenue,
        coalesce(order_aggregates.items_count, 0) as items_count,
        order_aggregates.first_order_date,
        order_aggregates.last_order_date,
        {%- for n in window_months %}
            coalesce(order_aggregates.spend_{{ n }}m, 0) as spend_{{ n }}m,
            coalesce(order_aggregates.orders_{{ n }}m, 0) as orders_{{ n }}m,
        {%- endfor %}
        coalesce(order_aggregates.spend_this_year, 0) as spend_this_year,
        coalesce(order_aggregates.orders_this_year, 0) as orders_this_year,
        coalesce(order_aggregates.spend_last_year, 0) as spend_last_year,
        coalesce(order_aggregates.orders_last_year, 0) as orders_last_year,
        coalesce(order_aggregates.all_orders_count, 0) as all_orders_count,
        coalesce(order_aggregates.cancelled_orders_count, 0) as cancelled_orders_count,
        coalesce(order_aggregates.refunded_orders_count, 0) as refunded_orders_count,
        coalesce(order_aggregates.offer_code_orders_count, 0) as offer_code_orders_count,
        coalesce(order_aggregates.discounted_orders_count, 0) as discounted_orders_count,
        coalesce(order_aggregates.lifetime_discount, 0) as lifetime_discount,
        coalesce(product_aggregates.distinct_products_count, 0) as distinct_products_count,
        coalesce(product_aggregates.distinct_categories_count, 0) as distinct_categories_count,
        coalesce(product_aggregates.distinct_brands_count, 0) as distinct_brands_count,
        coalesce(product_aggregates.recurring_items_count, 0) as recurring_items_count,
        product_aggregates.next_repurchase_due_date,
        coalesce(cart_aggregates.abandoned_carts_count, 0) as abandoned_carts_count,
        cart_aggregates.last_abandoned_cart_date
    from customers
    left join order_aggregates
        on customers.customer_id = order_aggregates.customer_id
    left join product_aggregates
        on customers.customer_id = product_aggregates.customer_id
    left join cart_aggregates
        on customers.customer_id = cart_aggregates.customer_id
),

derived as (
    select
        *,
        case
            when orders_count > 0
                then cast(lifetime_revenue as double) / cast(orders_count as double)
        end as avg_order_value,
        case
            when orders_count > 0
                then cast(items_count as double) / cast(orders_count as double)
        end as avg_items_per_order,
        case
            when items_count > 0
                then cast(lifetime_revenue as double) / cast(items_count as double)
        end as avg_item_price,
        {{ metrics_days_between('first_order_date', as_of_date()) }} as days_since_first_order,
        {{ metrics_days_between('last_order_date', as_of_date()) }} as days_since_last_order,
        case
            when orders_count > 1
                then
                    cast({{ metrics_days_between('first_order_date', 'last_order_date') }} as double)
                    / cast(orders_count - 1 as double)
        end as avg_days_between_orders,
        case
            when orders_count > 0
                then cast(offer_code_orders_count as double) / cast(orders_count as double)
        end as offer_code_orders_share,
        case
            when orders_count > 0
                then cast(discounted_orders_count as double) / cast(orders_count as double)
        end as discounted_orders_share,
        -- the discount as a share of what the counted orders were worth before it
        case
            when lifetime_revenue + lifetime_discount > 0
                then cast(lifetime_discount as double) / cast(lifetime_revenue + lifetime_discount as double)
        end as discounted_revenue_share,
        case
            when items_count > 0
                then cast(recurring_items_count as double) / cast(items_count as double)
        end as recurring_items_share
    from joined
),

-- RFM scores only among customers with counted orders (see metrics_quintile_score).
rfm_scores as (
    select
        customer_id,
        {{ metrics_quintile_score('last_order_date') }} as recency_score,
        {{ metrics_quintile_score('orders_count') }} as frequency_score,
        {{ metrics_quintile_score('lifetime_revenue') }} as monetary_score
    from derived
    where orders_count > 0
),

rfm_groups as (
    select
        rfm_scores.customer_id,
        rfm_scores.recency_score,
        rfm_scores.frequency_score,
        rfm_scores.monetary_score,
        rfm_segment_grid.rfm_group
    from rfm_scores
    left join rfm_segment_grid
        on
            rfm_scores.recency_score between rfm_segment_grid.recency_score_min
            and rfm_segment_grid.recency_score_max
            and rfm_scores.frequency_score between rfm_segment_grid.frequency_score_min
            and rfm_segment_grid.frequency_score_max
            and rfm_scores.monetary_score between rfm_segment_grid.monetary_score_min
            and rfm_segment_grid.monetary_score_max
),

classified as (
    select
        derived.*,
        rfm_groups.recency_score,
        rfm_groups.frequency_score,
        rfm_groups.monetary_score,
        rfm_groups.rfm_group,
        case
            when derived.orders_count = 0 then null
            when
                derived.avg_items_per_order
                >= {{ metrics_numeric_var('high_volume_min_items_per_order') }}
                then 'high'
            else 'low'
        end as volume_tier,
        case
            when derived.orders_count = 0 then 'prospect'
            when
                derived.days_since_first_order
                <= {{ metrics_numeric_var('lifecycle_new_max_days_since_first_order', as_integer=true) }}
                then 'new'
            when
                derived.days_since_last_order
                <= {{ metrics_numeric_var('lifecycle_active_max_days_since_last_order', as_integer=true) }}
                then 'active'
            when
                derived.days_since_last_order
                <= {{ metrics_numeric_var('lifecycle_at_risk_max_days_since_last_order', as_integer=true) }}
                then 'at_risk'
            when
                derived.days_since_last_order
                <= {{ metrics_numeric_var('lifecycle_lapsed_max_days_since_last_order', as_integer=true) }}
                then 'lapsed'
            else 'lost'
        end as lifecycle_stage
    from derived
    left join rfm_groups
        on derived.customer_id = rfm_groups.customer_id
),

final as (
    select
        customer_id,
        volume_tier,
        rfm_group,
        lifecycle_stage,
        cast(orders_count as bigint) as orders_count,
        cast(lifetime_revenue as decimal(18, 2)) as lifetime_revenue,
        avg_order_value,
        cast(items_count as bigint) as items_count,
        avg_items_per_order,
        avg_item_price,
        days_since_first_order,
        days_since_last_order,
        avg_days_between_orders,
        {%- for n in window_months %}
            cast(spend_{{ n }}m as decimal(18, 2)) as spend_{{ n }}m,
            cast(orders_{{ n }}m as bigint) as orders_{{ n }}m,
        {%- endfor %}
        cast(spend_this_year as decimal(18, 2)) as spend_this_year,
        cast(orders_this_year as bigint) as orders_this_year,
        cast(spend_last_year as decimal(18, 2)) as spend_last_year,
        cast(orders_last_year as bigint) as orders_last_year,
        cast(all_orders_count as bigint) as all_orders_count,
        cast(cancelled_orders_count as bigint) as cancelled_orders_count,
        cast(refunded_orders_count as bigint) as refunded_orders_count,
        cast(offer_code_orders_count as bigint) as offer_code_orders_count,
        offer_code_orders_share,
        cast(discounted_orders_count as bigint) as discounted_orders_count,
        discounted_orders_share,
        cast(lifetime_discount as decimal(18, 2)) as lifetime_discount,
        discounted_revenue_share,
        cast(distinct_products_count as bigint) as distinct_products_count,
        cast(distinct_categories_count as bigint) as distinct_categories_count,
        cast(distinct_brands_count as bigint) as distinct_brands_count,
        cast(abandoned_carts_count as bigint) as abandoned_carts_count,
        recency_score,
        frequency_score,
        monetary_score,
        cast(recurring_items_count as bigint) as recurring_items_count,
        recurring_items_share,
        first_order_date,
        last_order_date,
        last_abandoned_cart_date,
        next_repurchase_due_date
    from classified
)

select * from final
