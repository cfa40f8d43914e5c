with products as (

    select * from {{ ref('stg_shop__products') }}

),

tag_parts as (

    select
        sku,
        {{ shop_split_text('tags', "'|'") }} as tag_part
    from products

),

final as (

    select distinct
        sku,
        {{ clean_text('tag_part') }} as tag
    from tag_parts
    where {{ clean_text('tag_part') }} is not null

)

select * from final
