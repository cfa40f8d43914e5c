-- The fitted BG/NBD and Gamma-Gamma parameters of every as_of date built, one row per as_of date
-- and model: the snapshot's rows without dbt's bookkeeping columns.
with

models_snapshot as (
    select * from {{ ref('customer_prediction_models_snapshot') }}
),

-- Every column of customer_prediction_models (its list is written there and in the contract),
-- without dbt's bookkeeping columns.
final as (
    select {{ shop_star_except(['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']) }}
    from models_snapshot
)

select * from final
