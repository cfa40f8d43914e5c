-- The fitted BG/NBD and Gamma-Gamma parameters of this build (time in weeks), one row per model.
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
        {{ as_of_date() }} as as_of_date
    from fits
)

select * from final
