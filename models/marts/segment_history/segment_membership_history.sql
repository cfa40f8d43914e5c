with

memberships_snapshot as (

    select * from {{ ref('segment_memberships_snapshot') }}

),

-- A version with dbt_valid_to = dbt_valid_from was opened and closed at the same as_of date
-- (a same-day rebuild after a data correction): it never held at any snapshot time.
versions as (

    select
        memberships_snapshot.segment_name,
        memberships_snapshot.customer_id,
        memberships_snapshot.dbt_valid_from as valid_from,
        memberships_snapshot.dbt_valid_to as valid_to
    from memberships_snapshot
    where
        memberships_snapshot.dbt_valid_to is null
        or memberships_snapshot.dbt_valid_to > memberships_snapshot.dbt_valid_from

),

-- Back-to-back versions (e.g. a group change) are one continuous stay in the segment.
flagged as (

    select
        versions.*,
        case
            when
                lag(versions.valid_to) over (
                    partition by versions.segment_name, versions.customer_id
                    order by versions.valid_from
                ) = versions.valid_from
                then 0
            else 1
        end as starts_stay

    from versions

),

numbered as (

    select
        flagged.*,
        sum(flagged.starts_stay) over (
            partition by flagged.segment_name, flagged.customer_id
            order by flagged.valid_from
            rows between unbounded preceding and current row
        ) as stay_number

    from flagged

),

stays as (

    select
        numbered.segment_name,
        numbered.customer_id,
        numbered.stay_number,
        min(numbered.valid_from) as entered_at,
        max(numbered.valid_to) as last_valid_to,
        count(*) - count(numbered.valid_to) as open_versions

    from numbered
    group by
        numbered.segment_name,
        numbered.customer_id,
        numbered.stay_number

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            "stays.segment_name", "'|'", "stays.customer_id", "'|'",
            "cast(stays.stay_number as " ~ dbt.type_string() ~ ")"
        ])) }} as membership_id,
        cast(stays.segment_name as {{ dbt.type_string() }}) as segment_name,
        cast(stays.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(stays.stay_number as integer) as stay_number,
        stays.open_versions > 0 as is_current,
        cast(stays.entered_at as date) as entered_date,
        cast(case when stays.open_versions = 0 then stays.last_valid_to end as date) as exited_date,
        cast(stays.entered_at as {{ dbt.type_timestamp() }}) as entered_at,
        cast(
            case when stays.open_versions = 0 then stays.last_valid_to end as {{ dbt.type_timestamp() }}
        ) as exited_at

    from stays

)

select * from final
