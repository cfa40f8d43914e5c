-- The fitted BG/NBD and Gamma-Gamma parameters of this build (time in weeks), one row per model.
-- snapshots/customer_prediction_models_snapshot keeps a row per as_of date and model.
with

fits as (
    select * from {{ ref('int_customer_prediction_fits') }}
),

final as (
    select
        model,
        note,
        r,
        alpha,
        a,
        b,
        p,
        q,
        v,
        log_likelihood,
        customers_used,
        is_converged,
        {{ as_of_date() }} as as_of_date,
        {{ run_loaded_at() }} as loaded_at
    from fits
)

select * from final
