{%- set raw_columns = shop_raw_contract()['customers']['columns'] -%}

with classified as (

    select * from {{ ref('base_shop__customers_classified') }}

),

final as (

    select
        {%- for column in raw_columns %}
            raw_{{ column }} as {{ column }},
        {%- endfor %}
        raw_row_number,
        rejection_reason
    from classified
    where rejection_reason is not null

)

select * from final
