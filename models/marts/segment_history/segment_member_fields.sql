with

memberships as (

    select * from {{ ref('segment_memberships') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

members as (

    select distinct memberships.customer_id
    from memberships

),

final as (

    select
        cast(customers.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(customers.first_name as {{ dbt.type_string() }}) as first_name,
        cast(customers.last_name as {{ dbt.type_string() }}) as last_name,
        cast(customers.full_name as {{ dbt.type_string() }}) as full_name,
        cast(customers.email as {{ dbt.type_string() }}) as email,
        cast(customers.phone as {{ dbt.type_string() }}) as phone,
        cast(customers.country_code as {{ dbt.type_string() }}) as country_code,
        cast(customers.region as {{ dbt.type_string() }}) as region,
        cast(customers.city as {{ dbt.type_string() }}) as city,
        cast(customers.postal_code as {{ dbt.type_string() }}) as postal_code,
        cast({{ history_tags_as_text('customers.tags') }} as {{ dbt.type_string() }}) as tags,
        cast(customers.lifetime_revenue as decimal(18, 2)) as lifetime_revenue,
        cast(customers.accepts_marketing as boolean) as accepts_marketing,
        cast(customers.registered_date as date) as registered_date
    from members
    inner join customers
        on members.customer_id = customers.customer_id

)

select * from final
