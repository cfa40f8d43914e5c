{#- One row per export snapshot x segment x group x window (var campaign_result_windows): the
    group's members and what they ordered in the window. A member converts with at least one
    counted order dated after the snapshot's as_of and on or before as_of + window days:
    order_date in (as_of_date, as_of_date + window_days]. Orders are those known at the current
    as_of_date (int_orders_as_of), so an open window counts only its days so far. -#}
with

snapshots as (

    select * from {{ ref('stg_exports__snapshots') }}

),

members as (

    select * from {{ ref('int_campaign_members') }}

),

orders as (

    select * from {{ ref('int_orders_as_of') }}

),

windows as (

    {{ campaign_windows() }}

),

member_windows as (

    select
        members.snapshot_id,
        members.segment_name,
        members.holdout_group,
        members.customer_id,
        windows.window_days,
        snapshots.as_of_date,
        {{ metrics_add_days('snapshots.as_of_date', 'windows.window_days') }} as window_end_date
    from members
    inner join snapshots
        on
            members.snapshot_id = snapshots.snapshot_id
            and members.segment_name = snapshots.segment_name
    cross join windows

),

member_results as (

    select
        member_windows.snapshot_id,
        member_windows.segment_name,
        member_windows.holdout_group,
        member_windows.customer_id,
        member_windows.window_days,
        member_windows.as_of_date,
        member_windows.window_end_date,
        count(orders.order_id) as orders_count,
        coalesce(sum(orders.order_total), 0) as revenue
    from member_windows
    left join orders
        on
            member_windows.customer_id = orders.customer_id
            and orders.is_counted
            and member_windows.as_of_date < orders.order_date
            and member_windows.window_end_date >= orders.order_date
    group by
        member_windows.snapshot_id,
        member_windows.segment_name,
        member_windows.holdout_group,
        member_windows.customer_id,
        member_windows.window_days,
        member_windows.as_of_date,
        member_windows.window_end_date

),

final as (

    select
        snapshot_id,
        segment_name,
        holdout_group,
        window_days,
        count(*) as members,
        count(case when orders_count > 0 then 1 end) as converters,
        sum(orders_count) as orders_count,
        cast(sum(revenue) as decimal(18, 2)) as revenue,
        cast(var_samp(cast(revenue as double)) as double) as revenue_per_member_variance,
        as_of_date,
        window_end_date
    from member_results
    group by
        snapshot_id,
        segment_name,
        holdout_group,
        window_days,
        as_of_date,
        window_end_date

)

select * from final
