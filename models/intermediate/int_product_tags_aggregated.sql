with

product_tags as (
    select * from {{ ref('stg_shop__product_tags') }}
),

distinct_tags as (
    select distinct
        sku,
        tag
    from product_tags
    where tag is not null
),

final as (
    select
        sku,
        {{ metrics_text_list_agg('tag') }} as product_tags
    from distinct_tags
    group by sku
)

select * from final
