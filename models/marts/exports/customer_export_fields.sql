-- The export fields of every customer, as the text export snapshots freeze
-- (scripts/export_segments.py copies these columns unchanged into exports.export_snapshot_members).
with

customers as (

    select * from {{ ref('dim_customers') }}

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
        cast(cast(customers.registered_date as date) as {{ dbt.type_string() }}) as registered_date,
        cast(
            case when customers.accepts_marketing then 'true' when not customers.accepts_marketing then 'false' end
            as {{ dbt.type_string() }}
        ) as accepts_marketing,
        cast({{ export_tags_json('customers.tags') }} as {{ dbt.type_string() }}) as tags,
        cast(
            cast(round(cast(customers.lifetime_revenue as decimal(38, 6)), 2) as decimal(38, 2))
            as {{ dbt.type_string() }}
        ) as lifetime_revenue

    from customers

)

select * from final
