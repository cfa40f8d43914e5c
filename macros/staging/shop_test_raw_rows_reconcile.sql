{#- The body of a singular test: failing rows (one text column `failure`) when the raw rows of
    `table_name` are not exactly the kept rows (stg_shop__<table_name>) plus the rejected rows
    (<table_name>_rejected). Checks: raw rows = kept + rejected; raw_row_number unique in raw;
    every rejected row is a raw row; no key is both kept and rejected other than as an
    exact_duplicate copy. key_columns: {staging key column: raw column}. -#}
{% macro shop_test_raw_rows_reconcile(table_name, key_columns) -%}
with raw_rows as (

    select raw_row_number from {{ shop_source(table_name) }} as source_rows

),

staged_rows as (

    select
    {%- for staging_column in key_columns %}
        {{ staging_column }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ ref('stg_shop__' ~ table_name) }}

),

-- Staged rows rejected later by a referential check (unknown customer / order) are not kept.
referential_rejections as (

    select
    {%- for staging_column, raw_column in key_columns.items() %}
        {{ clean_text(raw_column) }} as {{ staging_column }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ ref(table_name ~ '_rejected') }}
    where rejection_reason in ('unknown_customer', 'unknown_order')

),

kept_rows as (

    select staged_rows.*
    from staged_rows
    where not exists (
        select 1
        from referential_rejections
        where {% for column in key_columns %}{{ ' and ' if not loop.first }}referential_rejections.{{ column }} = staged_rows.{{ column }}{% endfor %}
    )

),

rejected_rows as (

    select
        raw_row_number,
        rejection_reason,
    {%- for staging_column, raw_column in key_columns.items() %}
        {{ clean_text(raw_column) }} as {{ staging_column }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ ref(table_name ~ '_rejected') }}

),

row_counts as (

    select
        (select count(*) from raw_rows) as raw_row_count,
        (select count(*) from kept_rows) as kept_row_count,
        (select count(*) from rejected_rows) as rejected_row_count

),

count_mismatch as (

    select
        'raw rows ' || cast(raw_row_count as {{ dbt.type_string() }})
        || ' <> kept ' || cast(kept_row_count as {{ dbt.type_string() }})
        || ' + rejected ' || cast(rejected_row_count as {{ dbt.type_string() }}) as failure
    from row_counts
    where raw_row_count <> kept_row_count + rejected_row_count

),

repeated_raw_row_numbers as (

    select 'raw_row_number ' || cast(raw_row_number as {{ dbt.type_string() }}) || ' is not unique' as failure
    from raw_rows
    group by raw_row_number
    having count(*) > 1

),

rejected_not_raw as (

    select
        'rejected raw_row_number ' || cast(rejected_rows.raw_row_number as {{ dbt.type_string() }})
        || ' is not a raw row' as failure
    from rejected_rows
    left join raw_rows
        on rejected_rows.raw_row_number = raw_rows.raw_row_number
    where raw_rows.raw_row_number is null

),

kept_and_rejected as (

    select
        'raw_row_number ' || cast(rejected_rows.raw_row_number as {{ dbt.type_string() }})
        || ' rejected as ' || rejected_rows.rejection_reason || ' but its key is kept' as failure
    from rejected_rows
    inner join kept_rows
        on {% for column in key_columns %}{{ ' and ' if not loop.first }}rejected_rows.{{ column }} = kept_rows.{{ column }}{% endfor %}
    where rejected_rows.rejection_reason <> 'exact_duplicate'

),

final as (

    select failure from count_mismatch
    union all
    select failure from repeated_raw_row_numbers
    union all
    select failure from rejected_not_raw
    union all
    select failure from kept_and_rejected

)

select * from final
{%- endmacro %}
