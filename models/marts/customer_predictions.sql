-- noqa: disable=LT02
-- (reason: an engine switch, a jinja if around whole CTEs; sqlfluff's indent rule cannot follow it)
-- Per-customer predictions at as_of: BG/NBD probability alive and expected orders (purchase days)
-- in the next 30/90/365 days, Gamma-Gamma expected order value, predicted 365-day value and churn
-- risk. One row per staged customer; null for customers without a counted order and whenever the
-- fit did not converge. On Spark (no Python models) every prediction is null: see docs/engines.md.
with

customers as (
    select * from {{ ref('stg_shop__customers') }}
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

customer_predictions as (
    select
        customers.customer_id,
        purchase_summary.frequency,
        purchase_summary.recency,
        purchase_summary.t,
        purchase_summary.monetary_value,
        predictions.probability_alive,
        predictions.expected_orders_30d,
        predictions.expected_orders_90d,
        predictions.expected_orders_365d,
        predictions.expected_order_value,
        predictions.expected_orders_365d * predictions.expected_order_value as predicted_clv_365d
    from customers
    left join purchase_summary
        on customers.customer_id = purchase_summary.customer_id
    left join predictions
        on customers.customer_id = predictions.customer_id
),

clv_scores as (
    select
        customer_id,
        {{ metrics_quintile_score('predicted_clv_365d') }} as predicted_clv_score
    from customer_predictions
    where predicted_clv_365d is not null
),

final as (
    select
        customer_predictions.customer_id,
        case
            when customer_predictions.probability_alive is null then null
            when
                customer_predictions.probability_alive
                < {{ metrics_numeric_var('churn_risk_high_below_probability_alive') }}
                then 'high'
            when
                customer_predictions.probability_alive
                < {{ metrics_numeric_var('churn_risk_medium_below_probability_alive') }}
                then 'medium'
            else 'low'
        end as churn_risk,
        customer_predictions.frequency,
        customer_predictions.recency,
        customer_predictions.t,
        cast(customer_predictions.monetary_value as double) as monetary_value,
        cast(customer_predictions.probability_alive as double) as probability_alive,
        cast(customer_predictions.expected_orders_30d as double) as expected_orders_30d,
        cast(customer_predictions.expected_orders_90d as double) as expected_orders_90d,
        cast(customer_predictions.expected_orders_365d as double) as expected_orders_365d,
        cast(customer_predictions.expected_order_value as double) as expected_order_value,
        cast(customer_predictions.predicted_clv_365d as double) as predicted_clv_365d,
        clv_scores.predicted_clv_score
    from customer_predictions
    left join clv_scores
        on customer_predictions.customer_id = clv_scores.customer_id
)

select * from final
