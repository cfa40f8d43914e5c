with

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

customer_tags as (
    select * from {{ ref('int_customer_tags_aggregated') }}
),

customer_attributes as (
    select * from {{ ref('int_customer_attributes_aggregated') }}
),

customer_order_metrics as (
    select * from {{ ref('customer_order_metrics') }}
),

customer_predictions as (
    select * from {{ ref('customer_predictions') }}
),

attributes as (
    select
        customers.customer_id,
        nullif(trim(concat_ws(' ', customers.first_name, customers.last_name)), '') as full_name,
        customers.first_name,
        customers.last_name,
        customers.email,
        customers.phone,
        customers.country_code,
        customers.region,
        customers.city,
        customers.postal_code,
        customers.customer_type,
        customers.customer_group,
        customers.marketing_channel,
        {{ metrics_coalesce_text_list('customer_tags.tags') }} as tags,
        {{ metrics_coalesce_text_map('customer_attributes.custom_attributes') }} as custom_attributes,
        coalesce(customer_attributes.custom_attributes_count, 0) as custom_attributes_count,
        coalesce(customers.accepts_marketing, false) as accepts_marketing,
        customers.registered_date,
        customers.registered_at
    from customers
    left join customer_tags
        on customers.customer_id = customer_tags.customer_id
    left join customer_attributes
        on customers.customer_id = customer_attributes.customer_id
),

final as (
    select
        attributes.customer_id,
        attributes.full_name,
        attributes.first_name,
        attributes.last_name,
        attributes.email,
        attributes.phone,
        attributes.country_code,
        attributes.region,
        attributes.city,
        attributes.postal_code,
        attributes.customer_type,
        attributes.customer_group,
        attributes.marketing_channel,
        attributes.tags,
        attributes.custom_attributes,
        cast(attributes.custom_attributes_count as bigint) as custom_attributes_count,
        attributes.accepts_marketing,
        {%- for column in metrics_customer_metric_columns() %}
            customer_order_metrics.{{ column }},
        {%- endfor %}
        customer_predictions.probability_alive,
        customer_predictions.expected_orders_30d,
        customer_predictions.expected_orders_90d,
        customer_predictions.expected_orders_365d,
        customer_predictions.expected_order_value,
        customer_predictions.predicted_clv_365d,
        customer_predictions.predicted_clv_score,
        customer_predictions.churn_risk,
        attributes.registered_date,
        attributes.registered_at
    from attributes
    left join customer_order_metrics
        on attributes.customer_id = customer_order_metrics.customer_id
    left join customer_predictions
        on attributes.customer_id = customer_predictions.customer_id
)

select * from final
