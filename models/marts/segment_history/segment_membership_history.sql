-- One row per stay of a customer in a segment, read from the membership snapshot. The snapshot
-- opens a row when a customer enters and closes it when they leave (check_cols: the key only),
-- so a snapshot row is a stay, dated by as_of dates. Two same-day corrections (a rebuild at the
-- same as_of date after a data fix) leave extra rows, and the day's last result wins:
-- - a row opened and closed at the same as_of date (an entry withdrawn) held at no snapshot time
--   and is left out;
-- - a row opened at the as_of date another row of the pair closed at (an exit withdrawn) continues
--   that stay.
-- A (segment, customer) pair with one such row (almost every pair) is one stay as it stands; only
-- the pairs with several rows are numbered by the windows (at 1M customers: 7.6 s instead of 18 s
-- for two windows over all 21M rows).
with

memberships_snapshot as (

    select * from {{ ref('segment_memberships_snapshot') }}

),

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

repeated_pairs as (

    select
        versions.segment_name,
        versions.customer_id

    from versions
    group by
        versions.segment_name,
        versions.customer_id
    having count(*) > 1

),

single_stays as (

    select
        versions.segment_name,
        versions.customer_id,
        1 as stay_number,
        versions.valid_from as entered_at,
        versions.valid_to as exited_at

    from versions
    left join repeated_pairs
        on
            versions.segment_name = repeated_pairs.segment_name
            and versions.customer_id = repeated_pairs.customer_id
    where repeated_pairs.segment_name is null

),

repeated_versions as (

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
    inner join repeated_pairs
        on
            versions.segment_name = repeated_pairs.segment_name
            and versions.customer_id = repeated_pairs.customer_id

),

numbered as (

    select
        repeated_versions.*,
        sum(repeated_versions.starts_stay) over (
            partition by repeated_versions.segment_name, repeated_versions.customer_id
            order by repeated_versions.valid_from
            rows between unbounded preceding and current row
        ) as stay_number

    from repeated_versions

),

repeated_stays as (

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

stays as (

    select * from single_stays
    union all
    select * from repeated_stays

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
