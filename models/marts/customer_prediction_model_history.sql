-- The fitted BG/NBD and Gamma-Gamma parameters of every as_of date built, one row per as_of date
-- and model: the snapshot's rows without dbt's bookkeeping columns.
with

models_snapshot as (
    select * from {{ ref('customer_prediction_models_snapshot') }}
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
        as_of_date,
        loaded_at
    from models_snapshot
)

select * from final
