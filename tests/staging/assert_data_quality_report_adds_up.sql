-- data_quality_report: per table, kept + every rejection reason = the raw rows of the table,
-- and the raw row count is the real one.
{%- set tables = shop_rejection_reasons() %}

with report as (

    select * from {{ ref('data_quality_report') }}

),

per_table as (

    select
        table_name,
        sum(row_count) as accounted_row_count,
        min(raw_row_count) as min_raw_row_count,
        max(raw_row_count) as max_raw_row_count
    from report
    group by table_name

),

actual as (
    {%- for table_name in tables %}
        {{- '\n    union all' if not loop.first }}
        select
            '{{ table_name }}' as table_name,
            count(*) as raw_row_count
        from {{ shop_source(table_name) }} as source_rows
    {%- endfor %}

),

final as (

    select
        actual.table_name,
        actual.raw_row_count,
        per_table.accounted_row_count,
        per_table.min_raw_row_count,
        per_table.max_raw_row_count
    from actual
    left join per_table
        on actual.table_name = per_table.table_name
    where
        per_table.table_name is null
        or per_table.accounted_row_count <> actual.raw_row_count
        or per_table.min_raw_row_count <> actual.raw_row_count
        or per_table.max_raw_row_count <> actual.raw_row_count

)

select * from final
