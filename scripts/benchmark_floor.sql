-- The DuckDB floor of scripts/benchmark.py: ONE hand-written SQL script that computes what the
-- dbt project computes for customers, straight from the raw Parquet files, with no dbt, no views
-- between steps and no tests. It is the fastest plain-DuckDB way we know to get the same answer,
-- so "dbt figure / floor figure" says how much the project's structure costs.
--
-- What it computes (the same definitions as the project, see models/marts/_marts__models.yml,
-- docs/metrics.md and segments/segments.yml):
--   floor_customer_order_metrics  every column of marts.customer_order_metrics (same names, order
--                                 and types), one row per staged customer
--   floor_segment_memberships     (segment_name, customer_id, group_name) of the example segments
--                                 in segments/segments.yml, exclusive groups resolved by priority
-- The staging rules that change which rows count are reproduced: trimmed text, ISO-8601
-- timestamp and decimal validation, exact duplicates kept once, conflicting duplicate keys and
-- rows of unknown customers/orders dropped. Rejection bookkeeping (the *_rejected tables and
-- data_quality_report) is NOT computed: the floor is a lower bound.
--
-- Inputs (set by the runner before this script): the DuckDB variables
--   raw_path    folder with customers/orders/order_lines/products/abandoned_carts/
--               customer_attributes .parquet (every column text: docs/input-contract.md)
--   rfm_grid    path of seeds/reference/rfm_segment_grid.csv
--   as_of_date  the evaluation date (a DATE)
-- and the same memory_limit / threads / temp_directory as the dbt profile.

-- ---- helpers --------------------------------------------------------------------------------

-- Fast path: when the first and last characters are above code 32 the trim is a no-op and the
-- text is not empty (most values), so DuckDB's trim with a character set is skipped.
create or replace temp macro clean(x) as case
    when ascii(x) > 32 and ascii(right(x, 1)) > 32 then x
    else nullif(trim(x, ' ' || chr(9) || chr(10) || chr(13)), '')
end;

-- The parsers below take text that is already clean(): the staging CTEs clean every column once,
-- and DuckDB expands a macro's argument wherever the macro uses it (also inside the row filters
-- it pushes down), so clean() inside them would be evaluated many times over per value. Where a
-- raw column is parsed directly, the caller writes parse(clean(x)).

-- ISO-8601 as accepted by staging: date, optional time, optional offset.
create or replace temp macro iso_parts(c) as regexp_extract(
    upper(c),
    '^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]{1,9})?)?) ?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$',
    ['d', 't', 'o']
);

-- Cheapest path (cheap cast first): a text that try_cast reads and that prints back as the same
-- text is in the canonical form, which the validating regex accepts and reads the same way; only
-- the other values take the regex. 'YYYY-MM-DD HH:MM:SS' (19 characters: a 4-digit year, no BC).
create or replace temp macro is_canonical_timestamp(c) as
    length(c) = 19 and cast(try_cast(c as timestamp) as varchar) = c;

-- Next fast path: without an offset (or with Z) the text with 'T' replaced by a space and Z dropped
-- is exactly the text the general path casts (date || ' ' || time), so one simple regex and one
-- cast replace the extracts (the project's parse_timestamp_utc does the same).
create or replace temp macro is_utc_text(c) as regexp_full_match(
    upper(c), '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?Z?)?'
);
create or replace temp macro utc_text_timestamp(c) as try_cast(replace(replace(upper(c), 'T', ' '), 'Z', '') as timestamp);

-- The calendar date as written, when the whole text is a valid timestamp (else null).
create or replace temp macro local_date(c) as case
    when is_canonical_timestamp(c) then try_cast(left(c, 10) as date)
    when is_utc_text(c) then case when utc_text_timestamp(c) is not null then try_cast(left(c, 10) as date) end
    when try_cast(iso_parts(c).d || ' ' || coalesce(nullif(iso_parts(c).t, ''), '00:00') as timestamp) is not null
        then try_cast(iso_parts(c).d as date)
end;

-- The UTC time of an accepted timestamp (the written offset subtracted; none = UTC already).
create or replace temp macro utc_timestamp(c) as case
    when is_canonical_timestamp(c) then try_cast(c as timestamp)
    when is_utc_text(c) then utc_text_timestamp(c)
    else try_cast(iso_parts(c).d || ' ' || coalesce(nullif(iso_parts(c).t, ''), '00:00') as timestamp)
        - to_minutes(coalesce(
            case when nullif(nullif(iso_parts(c).o, ''), 'Z') is not null then
                (case when substring(iso_parts(c).o, 1, 1) = '-' then -1 else 1 end)
                * (cast(substring(iso_parts(c).o, 2, 2) as integer) * 60
                    + coalesce(cast(nullif(substring(replace(iso_parts(c).o, ':', ''), 4, 2), '') as integer), 0))
            end, 0))
end;

-- Cheap cast first: a canonical amount ('12.50', '-3.00': how decimal(18, 2) prints) is the cast
-- value itself; other texts take the validating regex.
create or replace temp macro to_decimal(c) as case
    when cast(try_cast(c as decimal(18, 2)) as varchar) = c then try_cast(c as decimal(18, 2))
    when regexp_full_match(c, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?')
        then try_cast(c as decimal(18, 2))
end;

-- Cheap cast first: a canonical whole number ('3', '-12': how an integer prints) is the cast
-- value itself; other texts take the validating regex.
create or replace temp macro to_integer(c) as case
    when cast(try_cast(c as integer) as varchar) = c then try_cast(c as integer)
    when regexp_full_match(c, '[+-]?[0-9]+([.]0*)?')
        then try_cast(regexp_extract(c, '^[+-]?[0-9]+', 0) as integer)
end;

create or replace temp macro as_of() as getvariable('as_of_date');
create or replace temp macro months_back(n) as cast(getvariable('as_of_date') - to_months(n) as date);
create or replace temp macro within_months(d, n) as coalesce(d > months_back(n) and d <= as_of(), false);
create or replace temp macro within_days(d, n) as coalesce(d > as_of() - n and d <= as_of(), false);
create or replace temp macro year_start() as cast(date_trunc('year', getvariable('as_of_date')) as date);
create or replace temp macro month_start() as cast(date_trunc('month', getvariable('as_of_date')) as date);
create or replace temp macro quintile(r, n) as cast(1 + floor(5 * cast(r - 1 as double) / cast(n as double)) as bigint);

-- ---- staging: the kept rows of every raw table -------------------------------------------------

-- Customers: distinct trimmed contents (exact duplicates once); a key with two contents is dropped.
create or replace temp table customers as
with distinct_rows as (
    select distinct
        clean(customer_id) as customer_id,
        clean(email) as email,
        clean(first_name) as first_name,
        clean(last_name) as last_name,
        clean(phone) as phone,
        clean(customer_type) as customer_type,
        clean(customer_group) as customer_group,
        clean(country_code) as country_code,
        clean(region) as region,
        clean(city) as city,
        clean(postal_code) as postal_code,
        clean(registered_at) as registered_at,
        clean(accepts_marketing) as accepts_marketing,
        clean(marketing_channel) as marketing_channel,
        clean(tags) as tags
    from read_parquet(getvariable('raw_path') || '/customers.parquet')
)
select
    customer_id,
    phone,
    customer_type,
    customer_group,
    upper(country_code) as country_code,
    region,
    city,
    postal_code,
    coalesce(lower(accepts_marketing) in ('true', 'yes', 'y', '1'), false) as accepts_marketing,
    lower(marketing_channel) as marketing_channel,
    tags,
    local_date(registered_at) as registered_date,
    cast(utc_timestamp(registered_at) as date) as registered_at_date
from distinct_rows
where customer_id is not null
qualify count(*) over (partition by customer_id) = 1;

-- Orders and order lines (the big tables): the same kept rows as a `select distinct` plus a count
-- window per key, cheaper. A key that occurs once in the raw file (almost every key) is its own
-- only version; only the rows of keys found repeated by one group by go through the distinct and
-- the window.
create or replace temp table orders as
with cleaned as (
    select
        clean(order_id) as order_id,
        clean(customer_id) as customer_id,
        clean(ordered_at) as ordered_at,
        clean(status) as status,
        clean(currency) as currency,
        clean(order_total) as order_total,
        clean(discount_total) as discount_total,
        clean(offer_code) as offer_code,
        clean(sales_channel) as sales_channel
    from read_parquet(getvariable('raw_path') || '/orders.parquet')
),

repeated_keys as (
    select order_id from cleaned where order_id is not null group by order_id having count(*) > 1
),

-- The repeated keys with exactly one distinct version (exact duplicates kept once).
repeated_single_version as (
    select * from (
        select distinct * from cleaned where order_id in (select repeated_keys.order_id from repeated_keys)
    )
    qualify count(*) over (partition by order_id) = 1
),

single_version as (
    select * from cleaned
    where order_id is not null and order_id not in (select repeated_keys.order_id from repeated_keys)
    union all
    select * from repeated_single_version
),

keyed as (
    select
        order_id,
        customer_id,
        lower(status) as status,
        offer_code,
        lower(sales_channel) as sales_channel,
        to_decimal(order_total) as order_total,
        to_decimal(discount_total) as discount_total,
        local_date(ordered_at) as order_date
    from single_version
)

select
    keyed.*,
    (keyed.status is null or keyed.status not in ('cancelled', 'refunded', 'failed')) as is_counted
from keyed
where
    keyed.order_date is not null
    and keyed.order_total >= 0
    and (keyed.customer_id is null or keyed.customer_id in (select customers.customer_id from customers));

create or replace temp table products as
with distinct_rows as (
    select distinct
        clean(sku) as sku,
        clean(product_name) as product_name,
        clean(brand) as brand,
        clean(category) as category,
        clean(tags) as tags
    from read_parquet(getvariable('raw_path') || '/products.parquet')
)

select
    sku,
    brand,
    category,
    list_sort(list_distinct(list_filter(list_transform(string_split(tags, '|'), lambda t: clean(t)), lambda t: t is not null)))
        as product_tags
from distinct_rows
where sku is not null
qualify count(*) over (partition by sku) = 1;

-- Order lines of the kept orders dated on or before as_of (fct_order_lines), with the product.
-- `cleaned` is read three times: not materialized, DuckDB computes it where it is read instead of
-- buffering 25M rows (at 1M customers 26.1 s -> 22.9 s for this statement; for orders, 10M rows,
-- the buffer was the faster of the two and stays).
create or replace temp table order_lines as
with cleaned as not materialized (
    select
        clean(order_line_id) as order_line_id,
        clean(order_id) as order_id,
        clean(sku) as sku,
        clean(quantity) as quantity,
        clean(unit_price) as unit_price
    from read_parquet(getvariable('raw_path') || '/order_lines.parquet')
),

repeated_keys as (
    select order_line_id from cleaned where order_line_id is not null group by order_line_id having count(*) > 1
),

-- The repeated keys with exactly one distinct version (exact duplicates kept once).
repeated_single_version as (
    select * from (
        select distinct * from cleaned where order_line_id in (select repeated_keys.order_line_id from repeated_keys)
    )
    qualify count(*) over (partition by order_line_id) = 1
),

single_version as (
    select * from cleaned
    where order_line_id is not null and order_line_id not in (select repeated_keys.order_line_id from repeated_keys)
    union all
    select * from repeated_single_version
),

kept as (
    select
        order_line_id,
        order_id,
        sku,
        to_integer(quantity) as quantity,
        to_decimal(unit_price) as unit_price,
        unit_price as raw_unit_price
    from single_version
)

select
    kept.order_id,
    orders.customer_id,
    kept.sku,
    products.brand,
    products.category,
    coalesce(products.product_tags, []) as product_tags,
    kept.quantity,
    cast(kept.quantity * kept.unit_price as decimal(18, 2)) as line_total,
    orders.is_counted,
    orders.order_date
from kept
inner join orders on kept.order_id = orders.order_id
left join products on kept.sku = products.sku
where
    kept.order_id is not null
    and kept.quantity > 0
    and (kept.unit_price >= 0 or (kept.unit_price is null and kept.raw_unit_price is null))
    and orders.order_date <= as_of();

create or replace temp table abandoned_carts as
with distinct_rows as (
    select distinct
        clean(cart_id) as cart_id,
        clean(customer_id) as customer_id,
        clean(abandoned_at) as abandoned_at,
        clean(cart_total) as cart_total
    from read_parquet(getvariable('raw_path') || '/abandoned_carts.parquet')
),

keyed as (
    select customer_id, local_date(abandoned_at) as abandoned_date, to_decimal(cart_total) as cart_total
    from distinct_rows
    where cart_id is not null
    qualify count(*) over (partition by cart_id) = 1
)

select *
from keyed
where
    customer_id is not null
    and abandoned_date is not null
    and customer_id in (select customers.customer_id from customers);

create or replace temp table customer_attributes as
with distinct_rows as (
    select distinct
        clean(customer_id) as customer_id,
        clean(attribute) as attribute_name,
        clean(value) as attribute_value
    from read_parquet(getvariable('raw_path') || '/customer_attributes.parquet')
)

select *
from distinct_rows
where
    customer_id is not null
    and attribute_name is not null
    and customer_id in (select customers.customer_id from customers)
qualify count(*) over (partition by customer_id, attribute_name) = 1;

-- ---- customer_order_metrics ------------------------------------------------------------------

-- Per sku: recurring when >= 5 buyers, repeat buyers / buyers >= 0.3 and a median interval exists.
create or replace temp table sku_recurrence as
with purchases as (
    select customer_id, sku, order_id, order_date
    from order_lines
    where is_counted and customer_id is not null
    group by all
),

intervals as (
    select
        *,
        date_diff('day', lag(order_date) over (partition by customer_id, sku order by order_date, order_id), order_date)
            as days_between
    from purchases
)

select
    sku,
    count(distinct customer_id) >= 5
    and count(distinct case when days_between is not null then customer_id end) / count(distinct customer_id) >= 0.3
    and median(days_between) is not null as is_recurring,
    cast(round(cast(median(days_between) as double)) as bigint) as median_days_rounded
from intervals
group by sku;

create or replace table floor_customer_order_metrics as
with order_aggregates as (
    select
        customer_id,
        count(*) as all_orders_count,
        count(*) filter (where is_counted) as orders_count,
        coalesce(sum(order_total) filter (where is_counted), 0) as lifetime_revenue,
        min(order_date) filter (where is_counted) as first_order_date,
        max(order_date) filter (where is_counted) as last_order_date,
        coalesce(sum(order_total) filter (where is_counted and order_date > months_back(1)), 0) as spend_1m,
        count(*) filter (where is_counted and order_date > months_back(1)) as orders_1m,
        coalesce(sum(order_total) filter (where is_counted and order_date > months_back(3)), 0) as spend_3m,
        count(*) filter (where is_counted and order_date > months_back(3)) as orders_3m,
        coalesce(sum(order_total) filter (where is_counted and order_date > months_back(6)), 0) as spend_6m,
        count(*) filter (where is_counted and order_date > months_back(6)) as orders_6m,
        coalesce(sum(order_total) filter (where is_counted and order_date > months_back(12)), 0) as spend_12m,
        count(*) filter (where is_counted and order_date > months_back(12)) as orders_12m,
        coalesce(sum(order_total) filter (where is_counted and order_date > months_back(24)), 0) as spend_24m,
        count(*) filter (where is_counted and order_date > months_back(24)) as orders_24m,
        coalesce(sum(order_total) filter (where is_counted and order_date > months_back(36)), 0) as spend_36m,
        count(*) filter (where is_counted and order_date > months_back(36)) as orders_36m,
        coalesce(sum(order_total) filter (where is_counted and order_date >= year_start()), 0) as spend_this_year,
        count(*) filter (where is_counted and order_date >= year_start()) as orders_this_year,
        coalesce(sum(order_total) filter (
            where is_counted and order_date >= year_start() - to_years(1) and order_date < year_start()
        ), 0) as spend_last_year,
        count(*) filter (
            where is_counted and order_date >= year_start() - to_years(1) and order_date < year_start()
        ) as orders_last_year,
        count(*) filter (where status = 'cancelled') as cancelled_orders_count,
        count(*) filter (where status = 'refunded') as refunded_orders_count,
        count(*) filter (where is_counted and offer_code is not null) as offer_code_orders_count,
        count(*) filter (where is_counted and discount_total > 0) as discounted_orders_count,
        coalesce(sum(discount_total) filter (where is_counted and discount_total > 0), 0) as lifetime_discount
    from orders
    where customer_id is not null and order_date <= as_of()
    group by customer_id
),

-- Lines once: per customer x sku, then per customer (items via lines; a null quantity never occurs).
customer_skus as (
    select
        customer_id,
        sku,
        any_value(brand) as brand,
        any_value(category) as category,
        sum(quantity) as quantity,
        max(order_date) as last_purchase_date
    from order_lines
    where is_counted and customer_id is not null
    group by customer_id, sku
),

product_aggregates as (
    select
        customer_skus.customer_id,
        count(*) as distinct_products_count,
        count(distinct customer_skus.category) as distinct_categories_count,
        count(distinct customer_skus.brand) as distinct_brands_count,
        sum(customer_skus.quantity) as items_count,
        sum(case when sku_recurrence.is_recurring then customer_skus.quantity else 0 end) as recurring_items_count,
        min(case when sku_recurrence.is_recurring
            then customer_skus.last_purchase_date + cast(sku_recurrence.median_days_rounded as integer) end)
            as next_repurchase_due_date
    from customer_skus
    left join sku_recurrence on customer_skus.sku = sku_recurrence.sku
    group by customer_skus.customer_id
),

cart_aggregates as (
    select customer_id, count(*) as abandoned_carts_count, max(abandoned_date) as last_abandoned_cart_date
    from abandoned_carts
    where abandoned_date <= as_of()
    group by customer_id
),

joined as (
    select
        customers.customer_id,
        coalesce(o.orders_count, 0) as orders_count,
        coalesce(o.lifetime_revenue, 0) as lifetime_revenue,
        coalesce(p.items_count, 0) as items_count,
        o.first_order_date,
        o.last_order_date,
        coalesce(o.spend_1m, 0) as spend_1m,
        coalesce(o.orders_1m, 0) as orders_1m,
        coalesce(o.spend_3m, 0) as spend_3m,
        coalesce(o.orders_3m, 0) as orders_3m,
        coalesce(o.spend_6m, 0) as spend_6m,
        coalesce(o.orders_6m, 0) as orders_6m,
        coalesce(o.spend_12m, 0) as spend_12m,
        coalesce(o.orders_12m, 0) as orders_12m,
        coalesce(o.spend_24m, 0) as spend_24m,
        coalesce(o.orders_24m, 0) as orders_24m,
        coalesce(o.spend_36m, 0) as spend_36m,
        coalesce(o.orders_36m, 0) as orders_36m,
        coalesce(o.spend_this_year, 0) as spend_this_year,
        coalesce(o.orders_this_year, 0) as orders_this_year,
        coalesce(o.spend_last_year, 0) as spend_last_year,
        coalesce(o.orders_last_year, 0) as orders_last_year,
        coalesce(o.all_orders_count, 0) as all_orders_count,
        coalesce(o.cancelled_orders_count, 0) as cancelled_orders_count,
        coalesce(o.refunded_orders_count, 0) as refunded_orders_count,
        coalesce(o.offer_code_orders_count, 0) as offer_code_orders_count,
        coalesce(o.discounted_orders_count, 0) as discounted_orders_count,
        coalesce(o.lifetime_discount, 0) as lifetime_discount,
        coalesce(p.distinct_products_count, 0) as distinct_products_count,
        coalesce(p.distinct_categories_count, 0) as distinct_categories_count,
        coalesce(p.distinct_brands_count, 0) as distinct_brands_count,
        coalesce(p.recurring_items_count, 0) as recurring_items_count,
        p.next_repurchase_due_date,
        coalesce(c.abandoned_carts_count, 0) as abandoned_carts_count,
        c.last_abandoned_cart_date
    from customers
    left join order_aggregates as o on customers.customer_id = o.customer_id
    left join product_aggregates as p on customers.customer_id = p.customer_id
    left join cart_aggregates as c on customers.customer_id = c.customer_id
),

derived as (
    select
        *,
        case when orders_count > 0 then lifetime_revenue::double / orders_count end as avg_order_value,
        case when orders_count > 0 then items_count::double / orders_count end as avg_items_per_order,
        case when items_count > 0 then lifetime_revenue::double / items_count end as avg_item_price,
        date_diff('day', first_order_date, as_of()) as days_since_first_order,
        date_diff('day', last_order_date, as_of()) as days_since_last_order,
        case when orders_count > 1
            then date_diff('day', first_order_date, last_order_date)::double / (orders_count - 1) end
            as avg_days_between_orders,
        case when orders_count > 0 then offer_code_orders_count::double / orders_count end as offer_code_orders_share,
        case when orders_count > 0 then discounted_orders_count::double / orders_count end as discounted_orders_share,
        case when lifetime_revenue + lifetime_discount > 0
            then lifetime_discount::double / (lifetime_revenue + lifetime_discount)::double end
            as discounted_revenue_share,
        case when items_count > 0 then recurring_items_count::double / items_count end as recurring_items_share
    from joined
),

rfm_scores as (
    select
        customer_id,
        quintile(rank() over (order by last_order_date), count(*) over ()) as recency_score,
        quintile(rank() over (order by orders_count), count(*) over ()) as frequency_score,
        quintile(rank() over (order by lifetime_revenue), count(*) over ()) as monetary_score
    from derived
    where orders_count > 0
),

rfm_groups as (
    select rfm_scores.*, grid.rfm_group
    from rfm_scores
    left join read_csv(getvariable('rfm_grid'), header = true) as grid
        on rfm_scores.recency_score between grid.recency_score_min and grid.recency_score_max
        and rfm_scores.frequency_score between grid.frequency_score_min and grid.frequency_score_max
        and rfm_scores.monetary_score between grid.monetary_score_min and grid.monetary_score_max
)

select
    d.customer_id,
    case when d.orders_count = 0 then null when d.avg_items_per_order >= 2 then 'high' else 'low' end as volume_tier,
    r.rfm_group,
    case
        when d.orders_count = 0 then 'prospect'
        when d.days_since_first_order <= 30 then 'new'
        when d.days_since_last_order <= 90 then 'active'
        when d.days_since_last_order <= 180 then 'at_risk'
        when d.days_since_last_order <= 365 then 'lapsed'
        else 'lost'
    end as lifecycle_stage,
    d.orders_count::bigint as orders_count,
    d.lifetime_revenue::decimal(18, 2) as lifetime_revenue,
    d.avg_order_value,
    d.items_count::bigint as items_count,
    d.avg_items_per_order,
    d.avg_item_price,
    d.days_since_first_order,
    d.days_since_last_order,
    d.avg_days_between_orders,
    d.spend_1m::decimal(18, 2) as spend_1m,
    d.orders_1m::bigint as orders_1m,
    d.spend_3m::decimal(18, 2) as spend_3m,
    d.orders_3m::bigint as orders_3m,
    d.spend_6m::decimal(18, 2) as spend_6m,
    d.orders_6m::bigint as orders_6m,
    d.spend_12m::decimal(18, 2) as spend_12m,
    d.orders_12m::bigint as orders_12m,
    d.spend_24m::decimal(18, 2) as spend_24m,
    d.orders_24m::bigint as orders_24m,
    d.spend_36m::decimal(18, 2) as spend_36m,
    d.orders_36m::bigint as orders_36m,
    d.spend_this_year::decimal(18, 2) as spend_this_year,
    d.orders_this_year::bigint as orders_this_year,
    d.spend_last_year::decimal(18, 2) as spend_last_year,
    d.orders_last_year::bigint as orders_last_year,
    d.all_orders_count::bigint as all_orders_count,
    d.cancelled_orders_count::bigint as cancelled_orders_count,
    d.refunded_orders_count::bigint as refunded_orders_count,
    d.offer_code_orders_count::bigint as offer_code_orders_count,
    d.offer_code_orders_share,
    d.discounted_orders_count::bigint as discounted_orders_count,
    d.discounted_orders_share,
    d.lifetime_discount::decimal(18, 2) as lifetime_discount,
    d.discounted_revenue_share,
    d.distinct_products_count::bigint as distinct_products_count,
    d.distinct_categories_count::bigint as distinct_categories_count,
    d.distinct_brands_count::bigint as distinct_brands_count,
    d.abandoned_carts_count::bigint as abandoned_carts_count,
    r.recency_score,
    r.frequency_score,
    r.monetary_score,
    d.recurring_items_count::bigint as recurring_items_count,
    d.recurring_items_share,
    d.first_order_date,
    d.last_order_date,
    d.last_abandoned_cart_date,
    d.next_repurchase_due_date
from derived as d
left join rfm_groups as r on d.customer_id = r.customer_id;

-- ---- segment memberships of the example segments -------------------------------------------

-- Items per order (an order without lines has none), for the volume-over-a-window segments.
create or replace temp table order_items as
select order_id, sum(quantity) as items
from order_lines
group by order_id;

-- One pass per fact table: every activity condition of segments.yml as one aggregate column.
create or replace temp table order_activity as
select
    customer_id,
    count(*) filter (where is_counted and within_months(order_date, 6)) as orders_6m,
    coalesce(sum(items) filter (where is_counted and within_months(order_date, 6)), 0) as items_6m,
    count(*) filter (where is_counted and order_date >= year_start()) as orders_this_year,
    coalesce(sum(items) filter (where is_counted and order_date >= year_start()), 0) as items_this_year,
    count(*) filter (where is_counted and discount_total > 0 and within_months(order_date, 6)) as discounted_6m,
    coalesce(sum(order_total) filter (where is_counted), 0) as total_all,
    count(*) filter (where is_counted) as orders_all,
    coalesce(sum(order_total) filter (where is_counted and order_date >= year_start()), 0) as total_this_year,
    coalesce(sum(order_total) filter (where is_counted and within_months(order_date, 3)), 0) as total_3m,
    coalesce(sum(order_total) filter (where is_counted and within_months(order_date, 24)), 0) as total_24m,
    count(*) filter (
        where is_counted and order_date >= year_start() - to_years(1) and order_date < year_start()
    ) as orders_last_year,
    coalesce(sum(order_total) filter (
        where is_counted and order_date >= year_start() - to_years(1) and order_date < year_start()
    ), 0) as total_last_year,
    count(*) filter (where is_counted and order_date between date '2026-01-01' and date '2026-03-31') as orders_q1_2026,
    count(*) filter (where is_counted and order_date >= month_start()) as orders_this_month,
    count(*) filter (where is_counted and order_date = as_of() - 2) as orders_two_days_ago,
    count(*) filter (where is_counted and order_date = date '2025-11-28') as orders_bf_2025,
    count(*) filter (where status = 'pending') as pending_orders,
    count(*) filter (where status = 'cancelled' and within_months(order_date, 12)) as cancelled_12m,
    count(*) filter (where is_counted and offer_code = 'BF2025') as bf2025_offer_orders,
    count(*) filter (where is_counted and offer_code is not null) as offer_orders,
    count(*) filter (where is_counted and sales_channel = 'web' and within_months(order_date, 3)) as web_orders_3m,
    count(*) filter (where is_counted and within_days(order_date, 30)) as orders_30d
from orders
left join order_items using (order_id)
where customer_id is not null and order_date <= as_of()
group by customer_id;

create or replace temp table line_activity as
select
    customer_id,
    sum(quantity) filter (where lower(brand) = 'nike' and within_months(order_date, 6)) as nike_6m_quantity,
    sum(quantity) filter (where lower(category) = 'running shoes') as running_shoes_quantity,
    count(distinct order_id) filter (where sku = 'SKU-10000') as espresso_orders,
    sum(quantity) filter (where list_contains(product_tags, 'eco') or list_contains(product_tags, 'organic'))
        as eco_quantity,
    sum(quantity) filter (
        where lower(brand) = 'nike' and lower(category) = 'running shoes'
        and order_date >= year_start() and order_date <= as_of()
    ) as nike_shoes_this_year_quantity
from order_lines
where is_counted and customer_id is not null
group by customer_id;

create or replace temp table cart_activity as
select
    customer_id,
    count(*) filter (where within_days(abandoned_date, 14)) as carts_14d,
    count(*) filter (where within_days(abandoned_date, 30)) as carts_30d,
    count(*) filter (where within_months(abandoned_date, 6)) as carts_6m,
    count(*) filter (where within_days(abandoned_date, 30) and cart_total >= 150) as carts_150_30d
from abandoned_carts
where abandoned_date <= as_of()
group by customer_id;

create or replace temp table attribute_activity as
select
    customer_id,
    bool_or(attribute_name = 'favourite_store' and attribute_value = 'Dublin O''Connell Street') as is_dublin_regular,
    bool_or(attribute_name = 'shoe_size' and try_cast(attribute_value as double) >= 45) as has_large_shoes
from customer_attributes
group by customer_id;

-- Every predicate once per customer; a segment is a list element when it matches (null otherwise);
-- an exclusive group is ONE case expression, so its first matching member wins.
create or replace table floor_segment_memberships as
with customer_rows as (
    select
        c.*,
        list_filter(list_transform(string_split(c.tags, '|'), lambda t: clean(t)), lambda t: t is not null) as tag_list,
        m.* exclude (customer_id),
        coalesce(o.total_all, 0) as o_total_all,
        coalesce(o.orders_all, 0) as o_orders_all,
        coalesce(o.total_this_year, 0) as o_total_this_year,
        coalesce(o.total_3m, 0) as o_total_3m,
        coalesce(o.total_24m, 0) as o_total_24m,
        coalesce(o.orders_last_year, 0) as o_orders_last_year,
        coalesce(o.total_last_year, 0) as o_total_last_year,
        coalesce(o.orders_q1_2026, 0) as o_orders_q1_2026,
        coalesce(o.orders_this_month, 0) as o_orders_this_month,
        coalesce(o.orders_two_days_ago, 0) as o_orders_two_days_ago,
        coalesce(o.orders_bf_2025, 0) as o_orders_bf_2025,
        coalesce(o.pending_orders, 0) as o_pending_orders,
        coalesce(o.cancelled_12m, 0) as o_cancelled_12m,
        coalesce(o.bf2025_offer_orders, 0) as o_bf2025_offer_orders,
        coalesce(o.offer_orders, 0) as o_offer_orders,
        coalesce(o.web_orders_3m, 0) as o_web_orders_3m,
        coalesce(o.orders_30d, 0) as o_orders_30d,
        coalesce(o.orders_6m, 0) as o_orders_6m,
        coalesce(o.items_6m, 0) as o_items_6m,
        coalesce(o.orders_this_year, 0) as o_orders_this_year,
        coalesce(o.items_this_year, 0) as o_items_this_year,
        coalesce(o.discounted_6m, 0) as o_discounted_6m,
        coalesce(ca.carts_150_30d, 0) as c_carts_150_30d,
        coalesce(l.nike_6m_quantity, 0) as l_nike_6m_quantity,
        coalesce(l.running_shoes_quantity, 0) as l_running_shoes_quantity,
        coalesce(l.espresso_orders, 0) as l_espresso_orders,
        coalesce(l.eco_quantity, 0) as l_eco_quantity,
        coalesce(l.nike_shoes_this_year_quantity, 0) as l_nike_shoes_this_year_quantity,
        coalesce(ca.carts_14d, 0) as c_carts_14d,
        coalesce(ca.carts_30d, 0) as c_carts_30d,
        coalesce(ca.carts_6m, 0) as c_carts_6m,
        coalesce(a.is_dublin_regular, false) as a_is_dublin_regular,
        coalesce(a.has_large_shoes, false) as a_has_large_shoes
    from customers as c
    inner join floor_customer_order_metrics as m on c.customer_id = m.customer_id
    left join order_activity as o on c.customer_id = o.customer_id
    left join line_activity as l on c.customer_id = l.customer_id
    left join cart_activity as ca on c.customer_id = ca.customer_id
    left join attribute_activity as a on c.customer_id = a.customer_id
),

matches as (
    select
        customer_id,
        [
            case when l_nike_6m_quantity >= 1 and o_total_this_year >= 200 and accepts_marketing
                then 'nike_fans_spending_email_ok' end,
            case when orders_count > 5 and within_days(last_order_date, 90)
                and (coalesce(country_code in ('DK', 'SE'), false) or not coalesce(customer_group = 'wholesale', false))
                then 'frequent_recent_buyers' end,
            case when orders_count = 1 then 'exactly_one_order' end,
            case when orders_count >= 1 and orders_count < 3 then 'fewer_than_three_orders' end,
            case when orders_count > 5 then 'more_than_five_orders' end,
            case when orders_count = 0 then 'never_ordered' end,
            case when avg_order_value between 50 and 150 then 'aov_band_50_150' end,
            case when lifetime_revenue >= 1000 then 'high_revenue' end,
            case when o_total_all >= 500 then 'spend_all_time_500_plus' end,
            case when o_orders_all >= 1 and o_total_all < 100 then 'spend_all_time_under_100' end,
            case when spend_1m >= 100 then 'spend_1m_100_plus' end,
            case when o_total_3m >= 200 then 'spend_3m_200_plus' end,
            case when spend_6m >= 300 then 'spend_6m_300_plus' end,
            case when orders_count >= 1 and spend_12m < 100 then 'spend_12m_under_100' end,
            case when o_total_24m >= 500 then 'spend_24m_500_plus' end,
            case when spend_36m >= 1000 then 'spend_36m_1000_plus' end,
            case when o_total_this_year >= 200 then 'spend_this_year_200_plus' end,
            case when o_orders_last_year >= 1 and o_total_last_year < 100 then 'spend_last_year_under_100' end,
            case when volume_tier = 'high' then 'high_volume_buyers' end,
            case when avg_items_per_order < 2 then 'low_volume_buyers' end,
            case when o_items_6m::double / nullif(o_orders_6m, 0) >= 2 then 'high_volume_buyers_6m' end,
            case when o_items_this_year >= 10 and o_total_this_year::double / nullif(o_orders_this_year, 0) >= 100
                then 'big_baskets_this_year' end,
            case when discounted_revenue_share >= 0.2 and orders_count >= 2 then 'discount_driven_buyers' end,
            case when o_discounted_6m >= 2 then 'discount_buyers_6m' end,
            case when c_carts_150_30d >= 1 then 'high_value_cart_abandoners_30d' end,
            case when o_orders_q1_2026 >= 1 then 'ordered_in_q1_2026' end,
            case when first_order_date between date '2025-01-01' and date '2025-12-31' then 'first_order_in_2025' end,
            case when last_order_date < date '2026-01-01' then 'last_order_before_2026' end,
            case when first_order_date >= cast(month_start() - to_months(1) as date) and first_order_date < month_start()
                then 'first_order_last_month' end,
            case when o_orders_this_month >= 1 then 'ordered_this_month' end,
            case when o_orders_two_days_ago >= 1 then 'ordered_two_days_ago' end,
            case when o_orders_bf_2025 >= 1 then 'black_friday_2025_buyers' end,
            case when o_pending_orders >= 1 then 'has_pending_order' end,
            case when o_cancelled_12m >= 1 then 'had_order_cancelled' end,
            case when o_bf2025_offer_orders >= 1 then 'used_offer_bf2025' end,
            case when o_offer_orders >= 2 then 'offer_code_users' end,
            case when o_web_orders_3m >= 1 then 'web_shop_buyers_3m' end,
            case when within_months(registered_date, 1) then 'registered_last_1m' end,
            case when within_months(registered_date, 3) then 'registered_last_3m' end,
            case when within_months(registered_date, 6) then 'registered_last_6m' end,
            case when within_months(registered_date, 12) then 'registered_last_12m' end,
            case when registered_date < date '2024-01-01' and last_order_date > date '2023-12-31'
                then 'registered_before_2024' end,
            case when within_days(registered_at_date, 7) then 'registered_this_week' end,
            case when accepts_marketing then 'marketing_consent' end,
            case when accepts_marketing is null then 'consent_unknown' end,
            case when phone is not null then 'with_phone' end,
            case when country_code in ('DK', 'SE', 'NO', 'FI') then 'nordics' end,
            case when country_code <> 'DK' then 'not_denmark_known_country' end,
            case when not coalesce(country_code = 'DK', false) then 'not_denmark_incl_unknown' end,
            case when country_code not in ('DK', 'SE', 'NO', 'FI') then 'outside_nordics' end,
            case when region = 'Hovedstaden' or city in ('København', 'Copenhagen') then 'capital_region' end,
            case when contains(lower(city), 'havn') then 'city_contains_havn' end,
            case when postal_code >= '1000' and postal_code <= '2999' then 'copenhagen_postcodes' end,
            case when list_contains(tag_list, 'vip-club') then 'vip_club_tagged' end,
            case when list_has_any(tag_list, ['newsletter', 'vip-club', 'influencer']) then 'tagged_newsletter_or_vip' end,
            case when list_contains(tag_list, 'o''brien-club') then 'obrien_club_members' end,
            case when customer_type = 'business' then 'business_customers' end,
            case when customer_group = 'wholesale' then 'wholesale_group' end,
            case when customer_group = 'retail' then 'retail_summer_campaign' end,
            case when marketing_channel in ('sms', 'viber') then 'prefers_sms_or_viber' end,
            case when a_is_dublin_regular then 'dublin_store_regulars' end,
            case when a_has_large_shoes then 'shoe_size_large' end,
            case when l_running_shoes_quantity >= 1 then 'bought_running_shoes' end,
            case when l_nike_6m_quantity >= 1 then 'bought_brand_nike_6m' end,
            case when l_espresso_orders >= 2 then 'bought_espresso_beans_twice' end,
            case when l_eco_quantity >= 3 then 'bought_eco_products' end,
            case when l_nike_shoes_this_year_quantity >= 1 then 'nike_shoes_same_line' end,
            case when c_carts_14d >= 1 then 'abandoned_cart_14d' end,
            case when c_carts_30d >= 1 and o_orders_30d = 0 then 'abandoned_cart_no_order_30d' end,
            case when c_carts_6m >= 3 then 'serial_cart_abandoners' end,
            case when orders_count = 1 and days_since_last_order between 60 and 180
                then 'one_time_buyers_slipping_away' end,
            case when orders_count >= 5 and not within_months(last_order_date, 12) then 'lost_loyal_customers' end,
            case when (next_repurchase_due_date >= as_of() and next_repurchase_due_date < as_of() + 14)
                or within_days(next_repurchase_due_date, 30) then 'due_to_repurchase' end,
            -- exclusive groups rfm and lifecycle: the example segments select the columns
            'rfm_' || rfm_group,
            'stage_' || lifecycle_stage
        ] as segment_names
    from customer_rows
),

memberships as (
    select customer_id, unnest(list_filter(segment_names, lambda s: s is not null)) as segment_name
    from matches
)

select
    segment_name,
    customer_id,
    case
        when segment_name like 'rfm\_%' escape '\' then 'rfm'
        when segment_name like 'stage\_%' escape '\' then 'lifecycle'
    end as group_name
from memberships;
