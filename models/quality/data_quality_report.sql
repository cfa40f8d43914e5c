{%- set tables = shop_rejection_reasons() %}

with customers as (

    select * from {{ ref('stg_shop__customers') }}

),

customers_rejected as (

    select * from {{ ref('customers_rejected') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

),

orders_rejected as (

    select * from {{ ref('orders_rejected') }}

),

order_lines as (

    select * from {{ ref('stg_shop__order_lines') }}

),

order_lines_rejected as (

    select * from {{ ref('order_lines_rejected') }}

),

products as (

    select * from {{ ref('stg_shop__products') }}

),

products_rejected as (

    select * from {{ ref('products_rejected') }}

),

abandoned_carts as (

    select * from {{ ref('stg_shop__abandoned_carts') }}

),

abandoned_carts_rejected as (

    select * from {{ ref('abandoned_carts_rejected') }}

),

customer_attributes as (

    select * from {{ ref('stg_shop__customer_attributes') }}

),

customer_attributes_rejected as (

    select * from {{ ref('customer_attributes_rejected') }}

),

expected_outcomes as (

    select
        expected.table_name,
        expected.table_order,
        expected.outcome_type,
        expected.outcome,
        expected.outcome_order
    from (
        values
        {%- for outcome in shop_quality_outcomes() %}
            (
                '{{ outcome.table_name }}',
                {{ outcome.table_order }},
                '{{ outcome.outcome_type }}',
                '{{ outcome.outcome }}',
                {{ outcome.outcome_order }}
            ){{ ',' if not loop.last }}
        {%- endfor %}
    ) as expected (table_name, table_order, outcome_type, outcome, outcome_order)

),

-- Rejected rows per reason from <table>_rejected (staging and referential checks); kept = the
-- staged rows that no referential check rejected.
observed_outcomes as (
    {%- for table_name in tables %}
        {{- '\n    union all' if not loop.first }}
        select
            '{{ table_name }}' as table_name,
            'rejected' as outcome_type,
            rejection_reason as outcome,
            count(*) as row_count
        from {{ table_name }}_rejected
        group by rejection_reason
        union all
        select
            '{{ table_name }}' as table_name,
            'kept' as outcome_type,
            'kept' as outcome,
            (
                select count(*)
                from {{ table_name }}
                where not exists (
                    select 1
                    from {{ table_name }}_rejected
                    where {{ table_name }}_rejected.raw_row_number = {{ table_name }}.raw_row_number
                )
            ) as row_count
    {%- endfor %}

),

-- The raw rows as read (shop_source); tests/staging checks kept + rejected = raw per table.
raw_counts as (
    {%- for table_name in tables %}
        {{- '\n    union all' if not loop.first }}
        select
            '{{ table_name }}' as table_name,
            count(*) as raw_row_count
        from {{ shop_source(table_name) }} as source_rows
    {%- endfor %}

),

outcomes as (

    select
        coalesce(expected_outcomes.table_name, observed_outcomes.table_name) as table_name,
        coalesce(expected_outcomes.table_order, 99) as table_order,
        coalesce(expected_outcomes.outcome_type, observed_outcomes.outcome_type) as outcome_type,
        coalesce(expected_outcomes.outcome, observed_outcomes.outcome) as outcome,
        coalesce(expected_outcomes.outcome_order, 999) as outcome_order,
        coalesce(observed_outcomes.row_count, 0) as row_count
    from expected_outcomes
    full outer join observed_outcomes
        on
            expected_outcomes.table_name = observed_outcomes.table_name
            and expected_outcomes.outcome = observed_outcomes.outcome

),

final as (

    select
        outcomes.table_name,
        outcomes.outcome_type,
        outcomes.outcome,
        cast(outcomes.row_count as {{ dbt.type_bigint() }}) as row_count,
        cast(raw_counts.raw_row_count as {{ dbt.type_bigint() }}) as raw_row_count,
        cast(
            1.0 * outcomes.row_count / nullif(raw_counts.raw_row_count, 0) as decimal(9, 4)
        ) as share_of_raw_rows,
        cast(outcomes.table_order as {{ dbt.type_int() }}) as table_order,
        cast(outcomes.outcome_order as {{ dbt.type_int() }}) as outcome_order
    from outcomes
    left join raw_counts
        on outcomes.table_name = raw_counts.table_name

)

select * from final
