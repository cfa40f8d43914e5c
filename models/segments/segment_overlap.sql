{#- Pairwise overlap. A self-join costs the sum over customers of (segments per customer)^2, so
    segments get small integer numbers (by name: a < b by number is a < b by name) and, where the
    engine has bitstrings (segment_has_bitstrings), each segment becomes one bitstring over
    numbered customers and a pair's overlap is bit_count(a & b). -#}
-- sqlfluff:indentation:template_blocks_indent:false
with

definitions as (

    select * from {{ ref('segment_definitions') }}

),

memberships as (

    select * from {{ ref('segment_memberships') }}

),

segment_numbers as (

    select
        segment_name,
        row_number() over (order by segment_name) as segment_number
    from definitions

),

numbered_memberships as (

    select
        memberships.customer_id,
        segment_numbers.segment_number
    from memberships
    inner join segment_numbers
        on memberships.segment_name = segment_numbers.segment_name

),

segment_sizes as (

    select
        segment_number,
        count(*) as customers
    from numbered_memberships
    group by segment_number

),

{% if segment_has_bitstrings() %}

customer_numbers as (

    select
        customer_id,
        row_number() over (order by customer_id) as customer_number
    from (select distinct customer_id from numbered_memberships) as member_customers

),

segment_bits as (

    select
        numbered_memberships.segment_number,
        bitstring_agg(customer_numbers.customer_number, 1, {{ segment_count_members() }}) as members
    from numbered_memberships
    inner join customer_numbers
        on numbered_memberships.customer_id = customer_numbers.customer_id
    group by numbered_memberships.segment_number

),

shared as (

    select
        bits_a.segment_number as segment_number_a,
        bits_b.segment_number as segment_number_b,
        bit_count(bits_a.members & bits_b.members) as shared_customers
    from segment_bits as bits_a
    inner join segment_bits as bits_b
        on bits_a.segment_number < bits_b.segment_number

),

{% else %}

shared as (

    select
        memberships_a.segment_number as segment_number_a,
        memberships_b.segment_number as segment_number_b,
        count(*) as shared_customers
    from numbered_memberships as memberships_a
    inner join numbered_memberships as memberships_b
        on
            memberships_a.customer_id = memberships_b.customer_id
            and memberships_a.segment_number < memberships_b.segment_number
    group by memberships_a.segment_number, memberships_b.segment_number

),

{% endif %}

pairs as (

    select
        numbers_a.segment_name as segment_name_a,
        numbers_a.segment_number as segment_number_a,
        numbers_b.segment_name as segment_name_b,
        numbers_b.segment_number as segment_number_b
    from segment_numbers as numbers_a
    inner join segment_numbers as numbers_b
        on numbers_a.segment_number < numbers_b.segment_number

),

final as (

    select
        pairs.segment_name_a,
        pairs.segment_name_b,
        cast(coalesce(sizes_a.customers, 0) as bigint) as customers_a,
        cast(coalesce(sizes_b.customers, 0) as bigint) as customers_b,
        cast(coalesce(shared.shared_customers, 0) as bigint) as shared_customers,
        cast(coalesce(shared.shared_customers, 0) * 1.0 / nullif(sizes_a.customers, 0) as double) as share_of_a,
        cast(coalesce(shared.shared_customers, 0) * 1.0 / nullif(sizes_b.customers, 0) as double) as share_of_b
    from pairs
    left join shared
        on
            pairs.segment_number_a = shared.segment_number_a
            and pairs.segment_number_b = shared.segment_number_b
    left join segment_sizes as sizes_a
        on pairs.segment_number_a = sizes_a.segment_number
    left join segment_sizes as sizes_b
        on pairs.segment_number_b = sizes_b.segment_number

)

select * from final
