with raw_rows as (

    select * from {{ shop_source('customer_attributes') }} as source_rows

),

staged as {{ cte_not_materialized() }} (

    select * from {{ ref('stg_shop__customer_attributes') }}

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

{{ shop_rows_to_reclassify('customer_attributes', orphans='unknown_customer_rows') }},

{{ shop_classified('customer_attributes', 'rows_to_reclassify') }},

-- Rejected in staging, or kept there but of an unknown customer.
final as (

    {{ shop_rejected_rows('customer_attributes', orphans='unknown_customer_rows') }}

)

select * from final
