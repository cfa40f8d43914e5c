{#- One row per export snapshot x segment x group x window: what the group's members ordered in
    the window after the snapshot, and (on both group rows) the uplift of treatment over control
    with its 95 % interval and p-value, the incremental revenue and the ROI. docs/measurement.md. -#}
with

snapshots as (

    select * from {{ ref('stg_exports__snapshots') }}

),

group_windows as (

    select * from {{ ref('int_campaign_group_windows') }}

),

uplift_tests as (

    select * from {{ ref('int_campaign_uplift_tests') }}

),

group_rates as (

    select
        snapshot_id,
        segment_name,
        holdout_group,
        window_days,
        members,
        converters,
        orders_count,
        revenue,
        cast(converters as double) / members as conversion_rate,
        cast(revenue as double) / members as revenue_per_member,
        as_of_date,
        window_end_date
    from group_windows

),

treatment as (

    select * from group_rates
    where holdout_group = 'treatment'

),

control as (

    select * from group_rates
    where holdout_group = 'control'

),

uplifts as (

    select
        treatment.snapshot_id,
        treatment.segment_name,
        treatment.window_days,
        treatment.members as treatment_members,
        treatment.conversion_rate - control.conversion_rate as conversion_uplift,
        case
            when control.conversion_rate > 0
                then (treatment.conversion_rate - control.conversion_rate) / control.conversion_rate
        end as conversion_uplift_relative,
        treatment.revenue_per_member - control.revenue_per_member as revenue_per_member_uplift,
        case
            when control.revenue_per_member > 0
                then (treatment.revenue_per_member - control.revenue_per_member) / control.revenue_per_member
        end as revenue_per_member_uplift_relative
    from treatment
    inner join control
        on
            treatment.snapshot_id = control.snapshot_id
            and treatment.segment_name = control.segment_name
            and treatment.window_days = control.window_days

),

joined as (

    select
        group_rates.*,
        snapshots.holdout_share,
        snapshots.campaign_cost,
        uplifts.treatment_members,
        uplifts.conversion_uplift,
        uplifts.conversion_uplift_relative,
        uplift_tests.conversion_uplift_ci_low,
        uplift_tests.conversion_uplift_ci_high,
        uplift_tests.conversion_uplift_p_value,
        uplifts.revenue_per_member_uplift,
        uplifts.revenue_per_member_uplift_relative,
        uplift_tests.revenue_per_member_uplift_ci_low,
        uplift_tests.revenue_per_member_uplift_ci_high,
        uplift_tests.revenue_per_member_uplift_p_value,
        uplift_tests.revenue_per_member_welch_df,
        uplifts.revenue_per_member_uplift * uplifts.treatment_members as incremental_revenue
    from group_rates
    inner join snapshots
        on
            group_rates.snapshot_id = snapshots.snapshot_id
            and group_rates.segment_name = snapshots.segment_name
    left join uplifts
        on
            group_rates.snapshot_id = uplifts.snapshot_id
            and group_rates.segment_name = uplifts.segment_name
            and group_rates.window_days = uplifts.window_days
    left join uplift_tests
        on
            group_rates.snapshot_id = uplift_tests.snapshot_id
            and group_rates.segment_name = uplift_tests.segment_name
            and group_rates.window_days = uplift_tests.window_days

),

final as (

    select
        cast(
            snapshot_id || '|' || segment_name || '|' || holdout_group || '|'
            || cast(window_days as {{ dbt.type_string() }})
            as {{ dbt.type_string() }}
        ) as campaign_result_id,
        cast(snapshot_id as {{ dbt.type_string() }}) as snapshot_id,
        cast(segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(holdout_group as {{ dbt.type_string() }}) as holdout_group,
        cast(window_days as integer) as window_days,
        cast(holdout_share as double) as holdout_share,
        cast(members as bigint) as members,
        cast(converters as bigint) as converters,
        cast(conversion_rate as double) as conversion_rate,
        cast(orders_count as bigint) as orders_count,
        cast(revenue as decimal(18, 2)) as revenue,
        cast(revenue_per_member as double) as revenue_per_member,
        cast(conversion_uplift as double) as conversion_uplift,
        cast(conversion_uplift_relative as double) as conversion_uplift_relative,
        cast(conversion_uplift_ci_low as double) as conversion_uplift_ci_low,
        cast(conversion_uplift_ci_high as double) as conversion_uplift_ci_high,
        cast(conversion_uplift_p_value as double) as conversion_uplift_p_value,
        cast(revenue_per_member_uplift as double) as revenue_per_member_uplift,
        cast(revenue_per_member_uplift_relative as double) as revenue_per_member_uplift_relative,
        cast(revenue_per_member_uplift_ci_low as double) as revenue_per_member_uplift_ci_low,
        cast(revenue_per_member_uplift_ci_high as double) as revenue_per_member_uplift_ci_high,
        cast(revenue_per_member_uplift_p_value as double) as revenue_per_member_uplift_p_value,
        cast(revenue_per_member_welch_df as double) as revenue_per_member_welch_df,
        cast(campaign_cost as decimal(18, 2)) as campaign_cost,
        cast(incremental_revenue as double) as incremental_revenue,
        cast(
            case when campaign_cost > 0 then (incremental_revenue - campaign_cost) / campaign_cost end
            as double
        ) as roi,
        cast(window_end_date <= {{ as_of_date() }} as boolean) as is_complete,
        cast(as_of_date as date) as as_of_date,
        cast(window_end_date as date) as window_end_date
    from joined

)

select * from final
