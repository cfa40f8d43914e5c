with classified as (

    select * from {{ ref('base_shop__customers_classified') }}

),

final as (

    select
        customer_id,
        email,
        first_name,
        last_name,
        phone,
        customer_type,
        customer_group,
        country_code,
        region,
        city,
        postal_code,
        accepts_marketing,
        marketing_channel,
        tags,
        registered_at,
        registered_date
    from classified
    where rejection_reason is null

)

select * from final
