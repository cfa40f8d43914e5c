"""Customer order metrics, recomputed independently from the raw demo CSVs.

The demo warehouse (conftest `demo_warehouse`, as_of 2026-06-30) is built once; a copy of it is
re-run for the metrics models at a second, past as_of (2025-03-31, a month end). For every
customer whose raw rows are all valid (their customer row, orders, order lines and carts parse
cleanly), the order metrics are recomputed in plain DuckDB SQL straight from the CSV text, with
window starts computed in Python, and compared exactly with `customer_order_metrics` and
`dim_customers`. RFM scores, RFM groups and lifecycle stages are recomputed in Python for every
customer from the mart's own inputs (last order date, orders, revenue, days).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import itertools
import math
import shutil

import duckdb
import pytest
import yaml
from conftest import REPO, DbtProject

pytestmark = pytest.mark.dbt

DEMO = REPO / "seeds" / "demo"
GRID = REPO / "seeds" / "reference" / "rfm_segment_grid.csv"
WINDOWS = (1, 3, 6, 12, 24, 36)
AS_OF_MAIN = dt.date(2026, 6, 30)
AS_OF_PAST = dt.date(2025, 3, 31)
METRIC_MODELS = ["+dim_customers", "+customer_product_purchases", "+product_repurchase_metrics"]

TIMESTAMP_PATTERN = r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?)?"
AMOUNT_PATTERN = r"\d+\.\d{2}"


def months_before(day: dt.date, months: int) -> dt.date:
    """`day` minus calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def test_months_before_clamps_month_ends() -> None:
    assert months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert months_before(dt.date(2025, 3, 31), 6) == dt.date(2024, 9, 30)
    assert months_before(dt.date(2026, 1, 15), 36) == dt.date(2023, 1, 15)


def project_vars() -> dict:
    return yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]


def raw_connection() -> duckdb.DuckDBPyConnection:
    """In-memory DuckDB with the raw demo CSVs as text and the set of fully valid customers."""
    con = duckdb.connect()
    for table in ("customers", "orders", "order_lines", "abandoned_carts"):
        path = (DEMO / f"{table}.csv").as_posix()
        con.execute(
            f"create table raw_{table} as select * from read_csv('{path}', all_varchar = true, header = true)"
        )
    con.execute(f"""
        create table orders as
        select
            trim(order_id) as order_id,
            trim(customer_id) as customer_id,
            lower(trim(status)) as status,
            nullif(trim(offer_code), '') as offer_code,
            cast(trim(order_total) as decimal(18, 2)) as order_total,
            try_cast(trim(discount_total) as decimal(18, 2)) as discount_total,
            cast(left(trim(ordered_at), 10) as date) as order_date
        from raw_orders
        where
            regexp_full_match(trim(ordered_at), '{TIMESTAMP_PATTERN}')
            and regexp_full_match(trim(order_total), '{AMOUNT_PATTERN}')
    """)
    con.execute(f"""
        create table lines as
        select
            trim(order_line_id) as order_line_id,
            trim(order_id) as order_id,
            trim(sku) as sku,
            cast(trim(quantity) as bigint) as quantity
        from raw_order_lines
        where
            regexp_full_match(trim(quantity), '[1-9][0-9]*')
            and regexp_full_match(trim(unit_price), '{AMOUNT_PATTERN}')
            and coalesce(trim(sku), '') != ''
    """)
    # A customer is "valid" when every raw row about them parses: exactly one customer row,
    # every order valid with a unique id, every line of those orders valid with a unique id,
    # every abandoned cart with an id and a parsable time.
    con.execute(f"""
        create table valid_customers as
        with
        customer_rows as (
            select trim(customer_id) as customer_id, count(*) as n
            from raw_customers
            where coalesce(trim(customer_id), '') != ''
            group by 1
        ),
        order_ids as (select trim(order_id) as order_id, count(*) as n from raw_orders group by 1),
        line_ids as (
            select trim(order_line_id) as order_line_id, count(*) as n from raw_order_lines group by 1
        ),
        bad_orders as (
            select trim(raw_orders.customer_id) as customer_id, trim(raw_orders.order_id) as order_id
            from raw_orders
            join order_ids on trim(raw_orders.order_id) = order_ids.order_id
            where
                order_ids.n > 1
                or not regexp_full_match(trim(raw_orders.ordered_at), '{TIMESTAMP_PATTERN}')
                or not regexp_full_match(trim(raw_orders.order_total), '{AMOUNT_PATTERN}')
        ),
        bad_lines as (
            select trim(raw_orders.customer_id) as customer_id
            from raw_order_lines
            join line_ids on trim(raw_order_lines.order_line_id) = line_ids.order_line_id
            join raw_orders on trim(raw_order_lines.order_id) = trim(raw_orders.order_id)
            where
                line_ids.n > 1
                or not regexp_full_match(trim(raw_order_lines.quantity), '[1-9][0-9]*')
                or not regexp_full_match(trim(raw_order_lines.unit_price), '{AMOUNT_PATTERN}')
                or coalesce(trim(raw_order_lines.sku), '') = ''
        ),
        bad_carts as (
            select trim(customer_id) as customer_id
            from raw_abandoned_carts
            where
                coalesce(trim(cart_id), '') = ''
                or not regexp_full_match(trim(abandoned_at), '{TIMESTAMP_PATTERN}')
        )
        select customer_id
        from customer_rows
        where
            n = 1
            and customer_id not in (select customer_id from bad_orders where customer_id is not null)
            and customer_id not in (select customer_id from bad_lines where customer_id is not null)
            and customer_id not in (select customer_id from bad_carts where customer_id is not null)
    """)
    return con


def expected_metrics(con: duckdb.DuckDBPyConnection, as_of: dt.date, excluded: list[str]) -> dict:
    """customer_id -> metrics recomputed from the raw CSVs at `as_of`."""
    excluded_sql = ", ".join("'" + status.replace("'", "''") + "'" for status in excluded)
    window_columns = ",\n".join(
        f"coalesce(sum(order_total) filter (where counted and order_date > date '{start}'), 0)"
        f" as spend_{n}m,\n"
        f"count(*) filter (where counted and order_date > date '{start}') as orders_{n}m"
        for n, start in ((n, months_before(as_of, n)) for n in WINDOWS)
    )
    zero_filled = ",\n".join(
        f"coalesce(per_customer.{column}, 0) as {column}"
        for column in [
            "orders_count",
            "lifetime_revenue",
            "items_count",
            *[f"{kind}_{n}m" for n in WINDOWS for kind in ("spend", "orders")],
            "spend_this_year",
            "orders_this_year",
            "spend_last_year",
            "all_orders_count",
            "cancelled_orders_count",
            "refunded_orders_count",
            "offer_code_orders_count",
            "discounted_orders_count",
            "lifetime_discount",
        ]
    )
    year_start = dt.date(as_of.year, 1, 1)
    last_year_start = dt.date(as_of.year - 1, 1, 1)
    rows = con.execute(f"""
        with
        order_items as (
            select order_id, sum(quantity) as items from lines group by order_id
        ),
        customer_orders as (
            select
                orders.*,
                coalesce(order_items.items, 0) as items,
                (orders.status is null or orders.status not in ({excluded_sql})) as counted
            from orders
            left join order_items on orders.order_id = order_items.order_id
            where orders.customer_id in (select customer_id from valid_customers)
                and orders.order_date <= date '{as_of}'
        ),
        per_customer as (
            select
                customer_id,
                count(*) filter (where counted) as orders_count,
                coalesce(sum(order_total) filter (where counted), 0) as lifetime_revenue,
                coalesce(sum(items) filter (where counted), 0) as items_count,
                min(order_date) filter (where counted) as first_order_date,
                max(order_date) filter (where counted) as last_order_date,
                {window_columns},
                coalesce(sum(order_total) filter (where counted and order_date >= date '{year_start}'), 0)
                    as spend_this_year,
                count(*) filter (where counted and order_date >= date '{year_start}') as orders_this_year,
                coalesce(sum(order_total) filter (
                    where counted
                        and order_date >= date '{last_year_start}'
                        and order_date < date '{year_start}'
                ), 0) as spend_last_year,
                count(*) as all_orders_count,
                count(*) filter (where status = 'cancelled') as cancelled_orders_count,
                count(*) filter (where status = 'refunded') as refunded_orders_count,
                count(*) filter (where counted and offer_code is not null) as offer_code_orders_count,
                count(*) filter (where counted and discount_total > 0) as discounted_orders_count,
                sum(discount_total) filter (where counted and discount_total > 0) as lifetime_discount
            from customer_orders
            group by customer_id
        ),
        products as (
            select customer_orders.customer_id, count(distinct lines.sku) as distinct_products_count
            from customer_orders
            join lines on customer_orders.order_id = lines.order_id
            where customer_orders.counted
            group by 1
        ),
        carts as (
            select trim(customer_id) as customer_id, count(*) as abandoned_carts_count
            from raw_abandoned_carts
            where cast(left(trim(abandoned_at), 10) as date) <= date '{as_of}'
            group by 1
        )
        select
            valid_customers.customer_id,
            per_customer.first_order_date,
            per_customer.last_order_date,
            {zero_filled},
            coalesce(products.distinct_products_count, 0) as distinct_products_count,
            coalesce(carts.abandoned_carts_count, 0) as abandoned_carts_count
        from valid_customers
        left join per_customer on valid_customers.customer_id = per_customer.customer_id
        left join products on valid_customers.customer_id = products.customer_id
        left join carts on valid_customers.customer_id = carts.customer_id
    """)
    names = [column[0] for column in rows.description]
    result = {}
    for row in rows.fetchall():
        record = dict(zip(names, row, strict=True))
        orders, revenue, items = record["orders_count"], record["lifetime_revenue"], record["items_count"]
        record["avg_order_value"] = float(revenue) / orders if orders else None
        record["avg_items_per_order"] = items / orders if orders else None
        record["avg_item_price"] = float(revenue) / items if items else None
        first, last = record["first_order_date"], record["last_order_date"]
        record["days_since_first_order"] = (as_of - first).days if first else None
        record["days_since_last_order"] = (as_of - last).days if last else None
        record["avg_days_between_orders"] = (last - first).days / (orders - 1) if orders > 1 else None
        record["offer_code_orders_share"] = record["offer_code_orders_count"] / orders if orders else None
        record["discounted_orders_share"] = record["discounted_orders_count"] / orders if orders else None
        gross = revenue + record["lifetime_discount"]
        record["discounted_revenue_share"] = (
            float(record["lifetime_discount"]) / float(gross) if gross else None
        )
        result[record["customer_id"]] = record
    return result


def mart_rows(project: DbtProject, table: str) -> dict[str, dict]:
    with duckdb.connect(str(project.db_path), read_only=True) as con:
        rel = con.sql(f"select * from marts.{table}")
        names = rel.columns
        return {row[0]: dict(zip(names, row, strict=True)) for row in rel.fetchall()}


@pytest.fixture(scope="module")
def past_warehouse(demo_warehouse: DbtProject, tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """A copy of the demo warehouse with the metrics models rebuilt at AS_OF_PAST (one dbt run)."""
    project = DbtProject(tmp_path_factory.mktemp("metrics_past"))
    shutil.copyfile(demo_warehouse.db_path, project.db_path)
    project.run(["run", "--select", *METRIC_MODELS], vars={"as_of_date": AS_OF_PAST.isoformat()})
    return project


@pytest.fixture(scope="module")
def raw() -> duckdb.DuckDBPyConnection:
    con = raw_connection()
    yield con
    con.close()


COMPARED = [
    "orders_count",
    "lifetime_revenue",
    "items_count",
    "avg_order_value",
    "avg_items_per_order",
    "avg_item_price",
    "first_order_date",
    "last_order_date",
    "days_since_first_order",
    "days_since_last_order",
    "avg_days_between_orders",
    *[f"{kind}_{n}m" for n in WINDOWS for kind in ("spend", "orders")],
    "spend_this_year",
    "orders_this_year",
    "spend_last_year",
    "all_orders_count",
    "cancelled_orders_count",
    "refunded_orders_count",
    "offer_code_orders_count",
    "offer_code_orders_share",
    "discounted_orders_count",
    "discounted_orders_share",
    "lifetime_discount",
    "discounted_revenue_share",
    "distinct_products_count",
    "abandoned_carts_count",
]


def assert_metrics_match(project: DbtProject, raw: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
    expected = expected_metrics(raw, as_of, project_vars()["excluded_order_statuses"])
    actual = mart_rows(project, "customer_order_metrics")
    dim = mart_rows(project, "dim_customers")
    compared = [customer_id for customer_id in expected if customer_id in actual]
    # Nearly all demo customers are valid; the comparison must cover them, not a handful.
    assert len(compared) > 1800, f"only {len(compared)} customers compared"
    buyers = sum(1 for c in compared if expected[c]["orders_count"] > 0)
    assert buyers > 1000, f"only {buyers} compared customers have counted orders"
    mismatches = []
    for customer_id in compared:
        for column in COMPARED:
            want, got = expected[customer_id][column], actual[customer_id][column]
            if want != got or dim[customer_id][column] != got:
                mismatches.append((customer_id, column, want, got, dim[customer_id][column]))
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:5]}"


def test_metrics_match_raw_recomputation_at_main_as_of(demo_warehouse: DbtProject, raw) -> None:
    assert_metrics_match(demo_warehouse, raw, AS_OF_MAIN)


def test_metrics_match_raw_recomputation_at_past_month_end(past_warehouse: DbtProject, raw) -> None:
    assert_metrics_match(past_warehouse, raw, AS_OF_PAST)
    (max_order_date,) = past_warehouse.query("select max(order_date) from marts.fct_orders")[0]
    assert max_order_date <= AS_OF_PAST


def rfm_score(values: dict[str, object], customer_id: str) -> int:
    """1 + floor(5 * (customers with a strictly lower value) / customers)."""
    value = values[customer_id]
    lower = sum(1 for other in values.values() if other < value)
    return 1 + math.floor(5 * lower / len(values))


def rfm_group(grid: list[dict], recency: int, frequency: int, monetary: int) -> str:
    matches = [
        row["rfm_group"]
        for row in grid
        if int(row["recency_score_min"]) <= recency <= int(row["recency_score_max"])
        and int(row["frequency_score_min"]) <= frequency <= int(row["frequency_score_max"])
        and int(row["monetary_score_min"]) <= monetary <= int(row["monetary_score_max"])
    ]
    assert len(matches) == 1, (recency, frequency, monetary, matches)
    return matches[0]


def lifecycle(row: dict, config: dict) -> str:
    if row["orders_count"] == 0:
        return "prospect"
    if row["days_since_first_order"] <= config["lifecycle_new_max_days_since_first_order"]:
        return "new"
    for stage in ("active", "at_risk", "lapsed"):
        if row["days_since_last_order"] <= config[f"lifecycle_{stage}_max_days_since_last_order"]:
            return stage
    return "lost"


@pytest.mark.parametrize("which", ["main", "past"])
def test_rfm_and_lifecycle_match_python(which: str, request: pytest.FixtureRequest) -> None:
    project = request.getfixturevalue("demo_warehouse" if which == "main" else "past_warehouse")
    rows = mart_rows(project, "customer_order_metrics")
    config = project_vars()
    with GRID.open(newline="") as handle:
        grid = list(csv.DictReader(handle))
    buyers = {c: r for c, r in rows.items() if r["orders_count"] > 0}
    recency = {c: r["last_order_date"] for c, r in buyers.items()}
    frequency = {c: r["orders_count"] for c, r in buyers.items()}
    monetary = {c: r["lifetime_revenue"] for c, r in buyers.items()}
    problems = []
    for customer_id, row in rows.items():
        if customer_id in buyers:
            scores = (
                rfm_score(recency, customer_id),
                rfm_score(frequency, customer_id),
                rfm_score(monetary, customer_id),
            )
            want = (*scores, rfm_group(grid, *scores))
            tier = (
                "high" if row["avg_items_per_order"] >= config["high_volume_min_items_per_order"] else "low"
            )
        else:
            want, tier = (None, None, None, None), None
        got = (row["recency_score"], row["frequency_score"], row["monetary_score"], row["rfm_group"])
        if got != want or row["lifecycle_stage"] != lifecycle(row, config) or row["volume_tier"] != tier:
            problems.append((customer_id, want, got, row["lifecycle_stage"], row["volume_tier"]))
    assert not problems, f"{len(problems)} customers differ, first: {problems[:5]}"
    # every score 1-5 is used and every stage but prospect occurs in the demo
    assert {row["recency_score"] for row in buyers.values()} == {1, 2, 3, 4, 5}


def test_product_repurchase_metrics_match_python(demo_warehouse: DbtProject) -> None:
    """Repurchase metrics per sku recomputed in Python from the counted order lines."""
    config = project_vars()
    lines = demo_warehouse.query("""
        select customer_id, sku, order_id, order_date
        from marts.fct_order_lines
        where is_counted and is_known_customer
        group by all
    """)
    purchases: dict[str, dict[str, list[tuple]]] = {}
    for customer_id, sku, order_id, order_date in lines:
        purchases.setdefault(sku, {}).setdefault(customer_id, []).append((order_date, order_id))
    actual = mart_rows(demo_warehouse, "product_repurchase_metrics")
    recurring = 0
    for sku, by_customer in purchases.items():
        intervals = []
        for dates in by_customer.values():
            ordered = sorted(dates)
            intervals += [(b[0] - a[0]).days for a, b in itertools.pairwise(ordered)]
        buyers = len(by_customer)
        repeat = sum(1 for dates in by_customer.values() if len(dates) > 1)
        rate = repeat / buyers
        median = None
        if intervals:
            intervals.sort()
            mid = len(intervals) // 2
            median = (
                float(intervals[mid]) if len(intervals) % 2 else (intervals[mid - 1] + intervals[mid]) / 2
            )
        is_recurring = (
            buyers >= config["recurring_min_buyers"] and rate >= config["recurring_min_repurchase_rate"]
        )
        row = actual[sku]
        assert (row["buyers"], row["repeat_buyers"], row["repurchase_rate"]) == (buyers, repeat, rate), sku
        assert row["median_days_between_purchases"] == median, sku
        assert row["is_recurring"] == is_recurring, sku
        recurring += is_recurring
    # the demo's consumables are recurring, its durables are not
    assert 10 <= recurring < len(purchases) / 2


def test_next_repurchase_due_date_and_recurring_share(demo_warehouse: DbtProject) -> None:
    rows = demo_warehouse.query("""
        with due as (
            select
                purchases.customer_id,
                min(
                    purchases.last_purchase_date
                    + cast(round(products.median_days_between_purchases) as integer)
                ) filter (where products.is_recurring) as next_due,
                sum(purchases.quantity) filter (where products.is_recurring) as recurring_items
            from marts.customer_product_purchases as purchases
            join marts.product_repurchase_metrics as products on purchases.sku = products.sku
            group by 1
        )
        select
            count(*) filter (where metrics.next_repurchase_due_date is distinct from due.next_due),
            count(*) filter (
                where metrics.recurring_items_share is distinct from
                    coalesce(due.recurring_items, 0) / nullif(metrics.items_count, 0)
            ),
            count(metrics.next_repurchase_due_date)
        from marts.customer_order_metrics as metrics
        left join due on metrics.customer_id = due.customer_id
    """)
    due_mismatches, share_mismatches, with_due_date = rows[0]
    assert (due_mismatches, share_mismatches) == (0, 0)
    assert with_due_date > 100


def test_dim_customers_attributes(demo_warehouse: DbtProject) -> None:
    (nulls, with_tags, with_attributes, typed) = demo_warehouse.query("""
        select
            count(*) filter (where accepts_marketing is null or tags is null or custom_attributes is null),
            count(*) filter (where len(tags) > 0),
            count(*) filter (where cardinality(custom_attributes) > 0),
            (select data_type from information_schema.columns
             where table_schema = 'marts' and table_name = 'dim_customers' and column_name = 'tags')
        from marts.dim_customers
    """)[0]
    assert nulls == 0
    assert with_tags > 500
    assert with_attributes > 500
    assert typed == "VARCHAR[]"


def test_non_numeric_threshold_var_is_a_clear_compile_error(dbt_project: DbtProject) -> None:
    """A threshold var that is not a number stops dbt with a message naming the var (never SQL)."""
    result = dbt_project.run(
        ["compile", "--select", "customer_order_metrics"],
        vars={"as_of_date": "2026-06-30", "high_volume_min_items_per_order": "2; drop table x"},
        check=False,
    )
    assert result.returncode != 0
    assert "var high_volume_min_items_per_order must be a number" in result.stdout
