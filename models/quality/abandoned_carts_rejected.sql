with raw_rows as (

    select * from {{ shop_source('abandoned_carts') }} as source_rows

),

staged as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_shop__abandoned_carts') }}

),

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

-- The referential check: staged rows of a customer that is not a staged customer (the
-- customer-level models read only staged customers).
unknown_customer_rows as (

    select staged.raw_row_number
    from staged
    left join customers
        on staged.customer_id = customers.customer_id
    where customers.customer_id is null

),

{{ shop_rows_to_reclassify('abandoned_carts', orphans='unknown_customer_rows') }},

{{ shop_classified('abandoned_carts', 'rows_to_reclassify') }},

-- Rejected in staging, or kept there but of an unknown customer.
final as (

    {{ shop_rejected_rows('abandoned_carts', orphans='unknown_customer_rows') }}

)

select * from final
