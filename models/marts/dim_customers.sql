-- noqa: disable=LT02
-- (reason: an engine switch, a jinja if around whole CTEs; sqlfluff's indent rule cannot follow it)
-- The customer's attributes, every metric of customer_order_metrics and the predictions at
-- as_of. The predictions are computed here, from the purchase summary and the fitted models
-- (customer_predictions reads them from here), so the chain from a source stays at 6 models.
-- On Spark (no Python models) every prediction is null: see docs/engines.md.
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

purchase_summary as (
    select * from {{ ref('int_customer_purchase_summary') }}
),

{% if target.type != 'spark' %}
scores as (
    select * from {{ ref('int_customer_prediction_scores') }}
),

fits as (
    select * from {{ ref('int_customer_prediction_fits') }}
),

gamma_gamma as (
    select
        p,
        q,
        v
    from fits
    where model = 'gamma_gamma' and is_converged
),

-- BG/NBD scores per (frequency, recency, t) cell; null when the fit did not converge.
predictions as (
    select
        purchase_summary.customer_id,
        scores.probability_alive,
        scores.expected_orders_30d,
        scores.expected_orders_90d,
        scores.expected_orders_365d,
        -- Gamma-Gamma conditional expectation; the population mean p v / (q - 1) without repeats.
        case
            when gamma_gamma.q <= 1 then null
            when purchase_summary.frequency > 0 and purchase_summary.monetary_value is not null
                then
                    gamma_gamma.p
                    * (gamma_gamma.v + purchase_summary.frequency * purchase_summary.monetary_value)
                    / (gamma_gamma.p * purchase_summary.frequency + gamma_gamma.q - 1)
            else gamma_gamma.p * gamma_gamma.v / (gamma_gamma.q - 1)
        end as expected_order_value
    from purchase_summary
    left join scores
        on
            purchase_summary.frequency = scores.frequency
            and purchase_summary.recency = scores.recency
            and purchase_summary.t = scores.t
    left join gamma_gamma
        on true
),
{% else %}
predictions as (
    select
        customer_id,
        cast(null as double) as probability_alive,
        cast(null as double) as expected_orders_30d,
        cast(null as double) as expected_orders_90d,
        cast(null as double) as expected_orders_365d,
        cast(null as double) as expected_order_value
    from purchase_summary
),
{% endif %}

predicted_values as (
    select
        *,
        expected_orders_365d * expected_order_value as predicted_clv_365d
    from predictions
),

clv_scores as (
    select
        customer_id,
        {{ metrics_quintile_score('predicted_clv_365d') }} as predicted_clv_score
    from predicted_values
    where predicted_clv_365d is not null
),

customer_predictions as (
    select
        predicted_values.customer_id,
        cast(predicted_values.probability_alive as double) as probability_alive,
        cast(predicted_values.expected_orders_30d as double) as expected_orders_30d,
        cast(predicted_values.expected_orders_90d as double) as expected_orders_90d,
        cast(predicted_values.expected_orders_365d as double) as expected_orders_365d,
        cast(predicted_values.expected_order_value as double) as expected_order_value,
        cast(predicted_values.predicted_clv_365d as double) as predicted_clv_365d,
        clv_scores.predicted_clv_score,
        case
            when predicted_values.probability_alive is null then null
            when
                predicted_values.probability_alive
                < {{ metrics_numeric_var('churn_risk_high_below_probability_alive') }}
                then 'high'
            when
                predicted_values.probability_alive
                < {{ metrics_numeric_var('churn_risk_medium_below_probability_alive') }}
                then 'medium'
            else 'low'
        end as churn_risk
    from predicted_values
    left join clv_scores
        on predicted_values.customer_id = clv_scores.customer_id
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
