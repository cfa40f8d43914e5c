{#- Each segment's mix of customer dimensions (country, lifecycle stage, RFM group, ...) side by
    side with all customers': one row per segment x dimension x value. The dimensions are the
    dim_customers columns listed in var segment_profile_dimensions (the one place to add one).
    A missing value is the explicit value '(unknown)'. The segment_name '(all customers)'
    (is_baseline = true; no segment name can collide: names are snake_case) holds everyone's
    mix, so a segment can be compared with it row by row; its index is 100. -#}
{%- set dimensions = var('segment_profile_dimensions') -%}
{%- if dimensions is string or dimensions | length == 0 -%}
    {{ exceptions.raise_compiler_error(
        "var segment_profile_dimensions: expected a non-empty list of dim_customers columns"
    ) }}
{%- endif -%}
{%- for dimension in dimensions if not modules.re.match('^[a-z][a-z0-9_]*$', dimension | string) -%}
    {{ exceptions.raise_compiler_error(
        "var segment_profile_dimensions: '" ~ dimension ~ "' is not a column name (lower-case snake_case)"
    ) }}
{%- endfor -%}

with

definitions as (

    select * from {{ ref('segment_definitions') }}

),

memberships as (

    select * from {{ ref('segment_memberships') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

-- One row per customer and dimension: the customer's value as text, '(unknown)' when null.
customer_values as (
    {%- for dimension in dimensions %}

        select
            customers.customer_id,
            '{{ dimension }}' as dimension,
            coalesce(cast(customers.{{ dimension }} as {{ dbt.type_string() }}), '(unknown)') as dimension_value
        from customers
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}

),

all_customers as (

    select count(*) as customers_total
    from customers

),

value_counts as (

    select
        dimension,
        dimension_value,
        count(*) as customers_with_value
    from customer_values
    group by dimension, dimension_value

),

segment_sizes as (

    select
        definitions.segment_name,
        count(memberships.customer_id) as segment_customers
    from definitions
    left join memberships
        on definitions.segment_name = memberships.segment_name
    group by definitions.segment_name

),

member_counts as (

    select
        memberships.segment_name,
        customer_values.dimension,
        customer_values.dimension_value,
        count(*) as members
    from memberships
    inner join customer_values
        on memberships.customer_id = customer_values.customer_id
    group by memberships.segment_name, customer_values.dimension, customer_values.dimension_value

),

-- Every segment gets every value that occurs among all customers (members 0 where none).
segment_rows as (

    select
        segment_sizes.segment_name,
        false as is_baseline,
        value_counts.dimension,
        value_counts.dimension_value,
        coalesce(member_counts.members, 0) as members,
        segment_sizes.segment_customers,
        value_counts.customers_with_value,
        all_customers.customers_total
    from segment_sizes
    cross join value_counts
    cross join all_customers
    left join member_counts
        on
            segment_sizes.segment_name = member_counts.segment_name
            and value_counts.dimension = member_counts.dimension
            and value_counts.dimension_value = member_counts.dimension_value

),

baseline_rows as (

    select
        '(all customers)' as segment_name,
        true as is_baseline,
        value_counts.dimension,
        value_counts.dimension_value,
        value_counts.customers_with_value as members,
        all_customers.customers_total as segment_customers,
        value_counts.customers_with_value,
        all_customers.customers_total
    from value_counts
    cross join all_customers

),

unioned as (

    select * from segment_rows

    union all

    select * from baseline_rows

),

shares as (

    select
        *,
        cast(members as double) / nullif(cast(segment_customers as double), 0) as share_of_segment,
        cast(customers_with_value as double) / nullif(cast(customers_total as double), 0) as share_of_all
    from unioned

),

final as (

    select
        cast(segment_name as {{ dbt.type_string() }}) as segment_name,
        is_baseline,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(dimension_value as {{ dbt.type_string() }}) as dimension_value,
        cast(members as bigint) as members,
        cast(segment_customers as bigint) as segment_customers,
        cast(share_of_segment as double) as share_of_segment,
        cast(customers_with_value as bigint) as customers_with_value,
        cast(share_of_all as double) as share_of_all,
        cast(share_of_segment / share_of_all * 100 as double) as profile_index,
        {{ as_of_date() }} as as_of_date
    from shares

)

select * from final
