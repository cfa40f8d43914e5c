-- customer_prediction_model_history holds one row per as_of date and model: a re-build at the
-- same as_of date must not add rows. Returns the repeated (as_of_date, model) pairs. Off on
-- Spark with the prediction models.
{{ config(enabled=target.type != 'spark') }}

with

model_history as (
    select * from {{ ref('customer_prediction_model_history') }}
),

final as (
    select
        as_of_date,
        model,
        count(*) as history_rows
    from model_history
    group by as_of_date, model
    having count(*) > 1
)

select * from final
