-- One row per stay of a customer in a segment, read from the membership snapshot. The snapshot
-- opens a row when a customer enters and closes it when they leave (check_cols: the key only),
-- so a snapshot row is a stay, dated by as_of dates. Two same-day corrections (a rebuild at the
-- same as_of date after a data fix) leave extra rows, and the day's last result wins:
-- - a row opened and closed at the same as_of date (an entry withdrawn) held at no snapshot time
--   and is left out;
-- - a row opened at the as_of date another row of the pair closed at (an exit withdrawn) continues
--   that stay.
with

memberships_snapshot as (

    select * from {{ ref('segment_memberships_snapshot') }}

),

versions as (

    select
        memberships_snapshot.segment_name,
        memberships_snapshot.customer_id,
        memberships_snapshot.dbt_valid_from as valid_from,
        memberships_snapshot.dbt_valid_to as valid_to,
        case
            when
                lag(memberships_snapshot.dbt_valid_to) over (
                    partition by memberships_snapshot.segment_name, memberships_snapshot.customer_id
                    order by memberships_snapshot.dbt_valid_from
                ) = memberships_snapshot.dbt_valid_from
                then 0
            else 1
        end as starts_stay

    from memberships_snapshot
    where
        memberships_snapshot.dbt_valid_to is null
        or memberships_snapshot.dbt_valid_to > memberships_snapshot.dbt_valid_from

),

numbered as (

    select
        versions.*,
        sum(versions.starts_stay) over (
            partition by versions.segment_name, versions.customer_id
            order by versions.valid_from
            rows between unbounded preceding and current row
        ) as stay_number

    from versions

),

stays as (

    select
        numbered.segment_name,
        numbered.customer_id,
        numbered.stay_number,
        min(numbered.valid_from) as entered_at,
        case when count(numbered.valid_to) = count(*) then max(numbered.valid_to) end as exited_at

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
        stays.exited_at is null as is_current,
        cast(stays.entered_at as date) as entered_date,
        cast(stays.exited_at as date) as exited_date,
        cast(stays.entered_at as {{ dbt.type_timestamp() }}) as entered_at,
        cast(stays.exited_at as {{ dbt.type_timestamp() }}) as exited_at,
        -- the start (UTC) of this dbt run, the same for every row
        {{ run_loaded_at() }} as loaded_at

    from stays

)

select * from final
