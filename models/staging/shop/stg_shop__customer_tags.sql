with customers as (

    select * from {{ ref('stg_shop__customers') }}

),

tag_parts as (

    select
        customer_id,
        {{ shop_split_text('tags', "'|'") }} as tag_part
    from customers

),

final as (

    select distinct
        customer_id,
        {{ clean_text('tag_part') }} as tag
    from tag_parts
    where {{ clean_text('tag_part') }} is not null

)

select * from final
