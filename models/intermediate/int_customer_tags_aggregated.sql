with

customer_tags as (
    select * from {{ ref('stg_shop__customer_tags') }}
),

distinct_tags as (
    select distinct
        customer_id,
        tag
    from customer_tags
    where tag is not null
),

final as (
    select
        customer_id,
        {{ metrics_text_list_agg('tag') }} as tags
    from distinct_tags
    group by customer_id
)

select * from final
