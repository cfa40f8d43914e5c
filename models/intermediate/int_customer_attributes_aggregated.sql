with

customer_attributes as (
    select * from {{ ref('stg_shop__customer_attributes') }}
),

-- One value per customer and attribute name (the greatest, should the source repeat a name).
distinct_attributes as (
    select
        customer_id,
        attribute_name,
        max(attribute_value) as attribute_value
    from customer_attributes
    where attribute_name is not null
    group by customer_id, attribute_name
),

final as (
    select
        customer_id,
        {{ metrics_text_map_agg('attribute_name', 'attribute_value') }} as custom_attributes,
        cast(count(*) as bigint) as custom_attributes_count
    from distinct_attributes
    group by customer_id
)

select * from final
