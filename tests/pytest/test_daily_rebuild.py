"""Daily rebuilds: every model is a plain table, so a warehouse rebuilt on new data must equal a
fresh build on that data, with every kind of change picked up.

One small generated shop (Parquet) is built as of 2026-06-30; then "day 2" arrives with every
kind of change a daily run must pick up: new orders of the next day, a late order dated months
back, a refund of an old order, an order removed from the raw file, an extra line on a recent
order, a renamed brand, a conflicting and an exact duplicate line, an old order made invalid
(its unchanged lines become unknown_order), an edited and a new customer and a conflicting copy
of a customer (its unchanged orders become unknown_customer), a customer's only order moved to
another customer, another customer's only order refunded and a refund that takes a customer's
only repurchase of a sku. Warehouse A is built on day 1 and rebuilt on day 2 (then with as_of
moved back); warehouse B is built from scratch on the same data and as_of. The staging and
rejected rows, the facts, customer_order_metrics, the product intermediates and both product marts
must be equal row by row (loaded_at aside). No model is incremental (issue 13), so there is no
--full-refresh equivalence to test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import SCRIPTS, DbtProject

pytestmark = pytest.mark.dbt

# Models and the seed they need (the RFM grid); no data tests: this compares tables.
SELECT = [
    "-s",
    "+fct_order_lines",
    "+customer_order_metrics",
    "+customer_product_purchases",
    "+product_repurchase_metrics",
    "+customers_rejected",
    "+orders_rejected",
    "+order_lines_rejected",
    "--resource-type",
    "model",
    "--resource-type",
    "seed",
]
DAY1, DAY2, MOVED_BACK = "2026-06-30", "2026-07-01", "2026-06-15"


def _day2(day1: Path, day2: Path) -> dict[str, str]:
    """Write day 2 = day 1 with the changes listed in the module docstring; return the customers
    of the changes that take purchases away."""
    day2.mkdir()
    for path in day1.glob("*.parquet"):
        if path.name not in (
            "customers.parquet",
            "orders.parquet",
            "order_lines.parquet",
            "products.parquet",
        ):
            shutil.copy(path, day2 / path.name)
    con = duckdb.connect()
    con.execute(f"create table orders as select * from '{day1 / 'orders.parquet'}'")
    con.execute(f"create table order_lines as select * from '{day1 / 'order_lines.parquet'}'")
    con.execute(f"create table products as select * from '{day1 / 'products.parquet'}'")
    con.execute(f"create table customers as select * from '{day1 / 'customers.parquet'}'")
    # Each change is made to a different customer who has no order from 2026-06-20 on and none of
    # the others' changes, so only the change itself can make the incremental run see it.
    con.execute(
        """
        create table quiet as
        select customer_id, order_id, ordered_at
        from orders
        where
            customer_id is not null
            and status = 'completed'
            and order_total ~ '^[0-9.]+$'
            and customer_id not in (
                select customer_id from orders where ordered_at >= '2026-06-20' and customer_id is not null
            )
        """
    )

    def pick(prefix: str, n: int, taken: str = "('')") -> str:
        return (
            f"select order_id from quiet where ordered_at like '{prefix}%' and customer_id not in {taken} "
            "qualify row_number() over (partition by customer_id order by order_id) = 1 "
            f"order by order_id limit {n}"
        )

    def copy_orders(prefix: str, ids: str, ordered_at: str) -> None:
        """Copies of the orders in table `ids` (and their lines) with prefixed ids at ordered_at."""
        con.execute(
            f"insert into orders select * replace ('{prefix}' || order_id as order_id, "
            f"'{ordered_at}' as ordered_at) from orders where order_id in (from {ids})"
        )
        con.execute(
            f"insert into order_lines select '{prefix}' || order_line_id, '{prefix}' || order_id, sku, "
            f"quantity, unit_price from order_lines where order_id in (from {ids})"
        )

    # New orders of the next day (copies of June 2026 orders, any customer) with their lines.
    con.execute(
        "create table new_ids as select order_id from orders where customer_id is not null "
        "and ordered_at like '2026-06-30%' order by order_id limit 5"
    )
    copy_orders("N", "new_ids", "2026-07-01 12:00:00")
    # A late order: new id, dated January 2025 (long before the lookback window).
    con.execute(f"create table late_ids as {pick('2025-01', 1)}")
    copy_orders("LATE", "late_ids", "2025-01-15 09:30:00")
    taken = "(select customer_id from orders where order_id in (select * from late_ids))"
    # A refund of an old order (a customer with later orders: their order numbers shift).
    con.execute(f"create table refund_ids as {pick('2024-03', 1, taken)}")
    con.execute("update orders set status = 'refunded' where order_id in (select * from refund_ids)")
    taken = taken[:-1] + " or order_id in (select * from refund_ids))"
    # An old order removed (with its lines).
    con.execute(f"create table gone_ids as {pick('2024-05', 1, taken)}")
    con.execute("delete from order_lines where order_id in (select * from gone_ids)")
    con.execute("delete from orders where order_id in (select * from gone_ids)")
    # An extra line on an order of 2026-06-27..29 (inside the 3-day lookback window; its customer
    # has no order on 2026-06-30 or later and no other change).
    con.execute(
        """
        create table recent_ids as
        select order_id from orders as o
        where
            ordered_at >= '2026-06-27'
            and ordered_at < '2026-06-30'
            and customer_id not in (select customer_id from orders where order_id in (select * from new_ids))
            and not exists (
                select 1 from orders as later
                where later.customer_id = o.customer_id and later.ordered_at >= '2026-06-30'
            )
        order by order_id
        limit 1
        """
    )
    con.execute(
        "insert into order_lines select 'X' || order_line_id, order_id, sku, '1', unit_price "
        "from order_lines where order_id in (from recent_ids) limit 1"
    )
    # Staging: a conflicting copy of an existing line of the refunded order (same id, other
    # quantity: both rows become conflicting_duplicate_key; the refund makes the facts reload the
    # order), an exact copy of an old line (rejected as exact_duplicate, the original stays), and
    # an old order made invalid (its lines, unchanged in the raw file, become unknown_order).
    con.execute(
        "insert into order_lines select order_line_id, order_id, sku, '97', unit_price from order_lines "
        "where order_id in (from refund_ids) order by order_line_id limit 1"
    )
    con.execute(
        "insert into order_lines select * from order_lines "
        "where order_id in (select order_id from orders where ordered_at like '2024-02%') "
        "order by order_line_id limit 1"
    )
    # Its lines must lie before the removed order's lines in the file: removing lines shifts the
    # raw_row_number of every later line, which re-classifies those lines anyway.
    con.execute(
        f"""
        create table invalid_ids as
        with positions as (
            select order_id, min(file_row_number) as first_row, max(file_row_number) as last_row
            from read_parquet('{day1 / "order_lines.parquet"}', file_row_number = true)
            group by order_id
        )
        select quiet.order_id
        from quiet
        join positions on quiet.order_id = positions.order_id
        where
            quiet.customer_id not in {taken}
            and quiet.customer_id not in (select customer_id from quiet where order_id in (from gone_ids))
            and positions.last_row < (
                select min(first_row) from positions where order_id in (select * from gone_ids)
            )
        order by positions.first_row
        limit 1
        """
    )
    con.execute("update orders set order_total = 'n/a' where order_id in (select * from invalid_ids)")
    # The refunded and the invalidated orders' lines lie before the removed order's lines in the
    # file: removing lines shifts the raw_row_number of every later line, which re-classifies
    # those lines anyway, so only rows before it show that the batch finds keys and parents.
    shifted = con.execute(
        f"""
        with positions as (
            select order_id, file_row_number
            from read_parquet('{day1 / "order_lines.parquet"}', file_row_number = true)
        )
        select count(*) from positions
        where
            order_id in (select * from refund_ids union all select * from invalid_ids)
            and file_row_number > (
                select min(file_row_number) from positions where order_id in (select * from gone_ids)
            )
        """
    ).fetchone()[0]
    assert shifted == 0, shifted
    counts = con.execute(
        "select (select count(*) from late_ids), (select count(*) from refund_ids), "
        "(select count(*) from gone_ids), (select count(*) from recent_ids), "
        "(select count(*) from invalid_ids)"
    ).fetchone()
    assert counts == (1, 1, 1, 1, 1), counts
    # Changes that leave a customer with fewer purchases (customer_product_purchases must
    # drop what the customer no longer has, and a repeat purchase that is gone):
    # customers with no other change so far (day-1 customers of every changed order are taken).
    con.execute(
        f"""
        create table taken_customers as
        select customer_id from read_parquet('{day1 / "orders.parquet"}')
        where
            customer_id is not null
            and order_id in (
                select * from new_ids union all select * from late_ids union all select * from refund_ids
                union all select * from gone_ids union all select * from recent_ids
                union all select * from invalid_ids
            )
        """
    )
    con.execute(
        """
        create table free_customers as
        select
            customer_id,
            count(*) as orders_count,
            min(order_id) as first_order_id,
            max(order_id) as last_order_id
        from orders
        where
            customer_id in (select customer_id from quiet)
            and customer_id not in (select customer_id from taken_customers)
        group by customer_id
        having count(*) = count(*) filter (where order_id in (select order_id from quiet))
        """
    )
    # The only order of one customer moved to another customer (who has several orders).
    moved_from, moved_to, refunded_only = (
        con.execute(
            "select customer_id from free_customers where orders_count = 1 order by customer_id limit 2"
        ).fetchall()
        + con.execute(
            "select customer_id from free_customers where orders_count >= 3 order by customer_id limit 1"
        ).fetchall()
    )
    moved_from, refunded_only, moved_to = moved_from[0], refunded_only[0], moved_to[0]
    con.execute(
        "update orders set customer_id = ? where customer_id = ?",
        [moved_to, moved_from],
    )
    # The only order of a customer refunded (its lines stay, the customer has no purchase left).
    con.execute("update orders set status = 'refunded' where customer_id = ?", [refunded_only])
    # A customer who bought one sku (and no other) in several orders: all of them but the first
    # refunded (the customer keeps purchases, but loses every repurchase interval).
    lost_repeat, repeated_sku = con.execute(
        """
        with customer_skus as (
            select orders.customer_id, order_lines.sku, count(distinct orders.order_id) as orders_count
            from orders
            join order_lines on orders.order_id = order_lines.order_id
            where orders.customer_id in (select customer_id from free_customers)
            group by all
        )
        select customer_id, max(sku) filter (where orders_count >= 2)
        from customer_skus
        where customer_id not in (?, ?, ?)
        group by customer_id
        having count(*) filter (where orders_count >= 2) = 1
        order by customer_id
        limit 1
        """,
        [moved_from, moved_to, refunded_only],
    ).fetchone()
    con.execute(
        """
        update orders set status = 'refunded'
        where order_id in (
            select order_id
            from orders
            where
                customer_id = $customer
                and order_id in (select order_id from order_lines where sku = $sku)
            qualify row_number() over (order by ordered_at, order_id) > 1
        )
        """,
        {"customer": lost_repeat, "sku": repeated_sku},
    )
    # Customers (incremental staging too): an edited e-mail, a new customer appended, and a
    # conflicting copy of a customer with orders appended at the end of the file (both rows of
    # the key become conflicting_duplicate_key, so that customer's unchanged orders become
    # unknown_customer and leave the facts).
    con.execute(
        "update customers set email = 'changed@example.com' where customer_id = "
        "(select min(customer_id) from customers where customer_id not in (select customer_id from quiet))"
    )
    con.execute(
        "insert into customers select 'NEWCUST' || customer_id, email, first_name, last_name, phone, "
        "customer_type, customer_group, country_code, region, city, postal_code, registered_at, "
        "accepts_marketing, marketing_channel, tags from customers order by customer_id limit 1"
    )
    con.execute(
        f"create table conflict_ids as select max(customer_id) as customer_id from quiet "
        f"where customer_id not in {taken} "
        "and customer_id not in (select customer_id from quiet where order_id in (from gone_ids)) "
        "and customer_id not in (select customer_id from quiet where order_id in (from invalid_ids)) "
        "and customer_id not in (?, ?, ?, ?)",
        [moved_from, moved_to, refunded_only, lost_repeat],
    )
    con.execute(
        "insert into customers select customer_id, email, 'Conflicting', last_name, phone, customer_type, "
        "customer_group, country_code, region, city, postal_code, registered_at, accepts_marketing, "
        "marketing_channel, tags from customers where customer_id in (from conflict_ids)"
    )
    # A product renamed brand (every stored line of the sku must follow).
    con.execute("update products set brand = 'Renamed Brand' where sku = (select min(sku) from products)")
    for table in ("customers", "orders", "order_lines", "products"):
        con.execute(f"copy {table} to '{day2 / (table + '.parquet')}' (format parquet)")
    con.close()
    return {
        "moved_from": moved_from,
        "moved_to": moved_to,
        "refunded_only": refunded_only,
        "lost_repeat": lost_repeat,
    }


@pytest.fixture(scope="module")
def shops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("incremental_shops")
    day1, day2 = root / "day1", root / "day2"
    cmd = [sys.executable, str(SCRIPTS / "generate_demo_data.py"), "--customers", "500", "--out", str(day1)]
    subprocess.run(cmd, check=True, capture_output=True)
    changes = _day2(day1, day2)
    return {"day1": day1, "day2": day2, "changes": changes}


def _differences(a: DbtProject, b: DbtProject) -> dict[str, tuple[int, int, int]]:
    """table -> (rows in a, rows only in a, rows only in b), loaded_at left out."""
    out = {}
    with duckdb.connect(str(a.db_path), read_only=True) as con:
        con.execute(f"attach '{b.db_path}' as other (read_only)")
        for table, exclude in (
            ("staging.stg_shop__customers", ""),
            ("staging.stg_shop__orders", ""),
            ("staging.stg_shop__order_lines", ""),
            ("staging.customers_rejected", ""),
            ("staging.orders_rejected", ""),
            ("staging.order_lines_rejected", ""),
            ("marts.fct_orders", "exclude (loaded_at)"),
            ("marts.fct_order_lines", "exclude (loaded_at)"),
            ("marts.customer_order_metrics", ""),
            ("marts.customer_product_purchases", ""),
            ("marts.product_repurchase_metrics", ""),
        ):
            ours = f"select * {exclude} from {table}"
            theirs = f"select * {exclude} from other.{table}"
            rows = con.execute(f"select count(*) from {table}").fetchone()[0]
            only_a = con.execute(f"select count(*) from ({ours} except all {theirs})").fetchone()[0]
            only_b = con.execute(f"select count(*) from ({theirs} except all {ours})").fetchone()[0]
            out[table] = (rows, only_a, only_b)
    return out


def _purchases_of(project: DbtProject, customers: dict[str, str]) -> dict[str, tuple[int, int]]:
    """change -> (rows of its customer in customer_product_purchases, those with a repeat
    purchase, i.e. a repurchase interval)."""
    return {
        change: tuple(
            project.query(
                "select count(*), count(case when orders_count >= 2 then 1 end)"
                f" from marts.customer_product_purchases where customer_id = '{customer_id}'"
            )[0]
        )
        for change, customer_id in customers.items()
    }


# The product marts computed directly from every order line (per purchase, with a window and the
# median aggregate).
DIRECT_PURCHASES = """
    with purchases as (
        select customer_id, sku, order_id, order_date, sum(quantity) as quantity, sum(line_total) as spend
        from marts.fct_order_lines
        where is_counted and is_known_customer
        group by all
    ),
    intervals as (
        select
            *,
            date_diff(
                'day',
                lag(order_date) over (partition by customer_id, sku order by order_date, order_id),
                order_date
            ) as days
        from purchases
    )
"""
DIRECT = {
    "customer_product_purchases": (
        DIRECT_PURCHASES
        + """
        select customer_id, sku, count(*) as orders_count, sum(quantity) as quantity, sum(spend) as spend,
            min(order_date) as first_purchase_date, max(order_date) as last_purchase_date
        from purchases group by all
        """,
        "select customer_id, sku, orders_count, quantity, spend, first_purchase_date, last_purchase_date "
        "from marts.customer_product_purchases",
    ),
    "product_repurchase_metrics": (
        DIRECT_PURCHASES
        + """
        select sku, count(distinct customer_id) as buyers,
            count(distinct case when days is not null then customer_id end) as repeat_buyers,
            count(*) as orders_count, count(days) as repurchases_count, sum(quantity) as quantity,
            sum(spend) as spend, median(days)::double as median_days_between_purchases
        from intervals group by all
        """,
        "select sku, buyers, repeat_buyers, orders_count, repurchases_count, quantity, spend, "
        "median_days_between_purchases from marts.product_repurchase_metrics where buyers > 0",
    ),
}


def _product_metrics_mismatches(project: DbtProject) -> dict[str, tuple[int, int]]:
    """mart -> (rows only computed directly, rows only in the mart)."""
    out = {}
    for mart, (direct, stored) in DIRECT.items():
        only_direct = project.query(f"select count(*) from ({direct} except all {stored})")[0][0]
        only_stored = project.query(f"select count(*) from ({stored} except all ({direct}))")[0][0]
        out[mart] = (only_direct, only_stored)
    return out


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory: pytest.TempPathFactory, shops: dict[str, Path]) -> dict[str, object]:
    inc = DbtProject(tmp_path_factory.mktemp("incremental"))
    full = DbtProject(tmp_path_factory.mktemp("full_refresh"))
    inc.run(["build", *SELECT], vars={"raw_path": str(shops["day1"]), "as_of_date": DAY1})
    day1_purchases = _purchases_of(inc, shops["changes"])
    inc.run(["build", *SELECT], vars={"raw_path": str(shops["day2"]), "as_of_date": DAY2})
    day2_purchases = _purchases_of(inc, shops["changes"])
    direct = _product_metrics_mismatches(inc)
    full.run(["build", *SELECT], vars={"raw_path": str(shops["day2"]), "as_of_date": DAY2})
    day2 = _differences(inc, full)
    # as_of moved back: a rebuild on A, a fresh build on B.
    inc.run(["build", *SELECT], vars={"raw_path": str(shops["day2"]), "as_of_date": MOVED_BACK})
    full = DbtProject(tmp_path_factory.mktemp("fresh_moved_back"))
    full.run(["build", *SELECT], vars={"raw_path": str(shops["day2"]), "as_of_date": MOVED_BACK})
    moved_back = _differences(inc, full)
    return {
        "inc": inc,
        "full": full,
        "day2": day2,
        "moved_back": moved_back,
        "day1_purchases": day1_purchases,
        "day2_purchases": day2_purchases,
        "direct": direct,
    }


def test_rebuild_equals_fresh_build(warehouses):
    for table, (rows, only_inc, only_full) in warehouses["day2"].items():
        assert rows > 0, table
        assert (only_inc, only_full) == (0, 0), (
            f"{table}: {only_inc} rows only rebuilt, {only_full} only fresh"
        )


def test_purchases_taken_away_are_gone(warehouses):
    """The customers who lost purchases on day 2 had them on day 1 and have only what is left."""
    day1, day2 = warehouses["day1_purchases"], warehouses["day2_purchases"]
    # (rows in customer_product_purchases, those with a repeat purchase)
    assert day1["moved_from"][0] > 0, day1
    assert day2["moved_from"] == (0, 0), day2
    assert day1["refunded_only"][0] > 0, day1
    assert day2["refunded_only"] == (0, 0), day2
    assert day1["lost_repeat"][1] > 0, day1
    assert day2["lost_repeat"][0] > 0, day2
    assert day2["lost_repeat"][1] == 0, day2
    assert day2["moved_to"][0] >= day1["moved_to"][0] > 0, (day1, day2)


def test_product_metrics_equal_a_direct_computation(warehouses):
    """After the day 2 rebuild, the product marts equal the plain computation over all lines."""
    assert warehouses["direct"] == {
        "customer_product_purchases": (0, 0),
        "product_repurchase_metrics": (0, 0),
    }


def test_day2_changes_arrived(warehouses):
    inc = warehouses["inc"]
    reasons = dict(
        inc.query(
            "select rejection_reason, count(*) from staging.order_lines_rejected "
            "where rejection_reason in ('conflicting_duplicate_key', 'exact_duplicate', 'unknown_order') "
            "group by all"
        )
    )
    assert reasons.get("conflicting_duplicate_key", 0) >= 2, reasons
    assert reasons.get("exact_duplicate", 0) >= 1, reasons
    assert reasons.get("unknown_order", 0) >= 1, reasons
    customers = dict(
        inc.query(
            "select 'kept', count(*) from staging.stg_shop__customers "
            "where customer_id like 'NEWCUST%' or first_name = 'Conflicting' "
            "or email = 'changed@example.com' "
            "union all "
            "select rejection_reason, count(*) from staging.customers_rejected "
            "where trim(customer_id) like 'NEWCUST%' or trim(first_name) = 'Conflicting' "
            "or lower(trim(email)) = 'changed@example.com' group by all"
        )
    )
    assert customers == {"kept": 2, "conflicting_duplicate_key": 1}, customers
    assert (
        inc.query(
            "select count(*) from staging.orders_rejected "
            "where rejection_reason = 'unknown_customer' and trim(customer_id) in "
            "(select trim(customer_id) from staging.customers_rejected "
            "where trim(first_name) = 'Conflicting')"
        )[0][0]
        > 0
    )
    # (checked on the moved-back state: the late order, the refund and the rename are all before it)
    assert inc.query("select count(*) from marts.fct_orders where order_id like 'LATE%'") == [(1,)]
    assert inc.query("select count(*) from marts.fct_order_lines where brand = 'Renamed Brand'")[0][0] > 0
    assert inc.query("select count(*) from marts.fct_orders where order_date > date '2026-06-15'") == [(0,)]


def test_moving_as_of_back_equals_fresh_build(warehouses):
    for table, (rows, only_inc, only_full) in warehouses["moved_back"].items():
        assert rows > 0, table
        assert (only_inc, only_full) == (0, 0), (
            f"{table}: {only_inc} rows only rebuilt, {only_full} only fresh"
        )
