"""scripts/generate_demo_data.py: determinism, the raw contract, large Parquet sets, demo coverage."""

from __future__ import annotations

import datetime as dt
import filecmp
from pathlib import Path

import duckdb
import generate_demo_data as gen
import pytest
import yaml
from conftest import REPO

# The raw input contract as the sources YAML writes it (read here independently of the script).
(_SHOP,) = yaml.safe_load((REPO / "models/staging/shop/_shop__sources.yml").read_text())["sources"]
EXPECTED_COLUMNS = {
    table["name"]: [column["name"] for column in table["columns"]] for table in _SHOP["tables"]
}

AMOUNT = r"^-?[0-9]+\.[0-9]{2}$"
TIMESTAMP = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
SMALL = gen.Params(customers=300)


def open_folder(folder: Path, fmt: str = "csv") -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per raw table of `folder`, every column as text."""
    con = duckdb.connect()
    for table in EXPECTED_COLUMNS:
        path = str(folder / f"{table}.{fmt}").replace("'", "''")
        reader = (
            f"read_csv('{path}', all_varchar = true, header = true, delim = ',', quote = '\"')"
            if fmt == "csv"
            else f"read_parquet('{path}')"
        )
        con.execute(f"create view {table} as select * from {reader}")
    return con


def scalar(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def column_set(con: duckdb.DuckDBPyConnection, sql: str) -> set:
    return {row[0] for row in con.execute(sql).fetchall()}


# --- contract and determinism -------------------------------------------------------------------


def test_committed_seed_headers_match_the_contract():
    for table, columns in EXPECTED_COLUMNS.items():
        with (gen.DEMO_DIR / f"{table}.csv").open(encoding="utf-8") as f:
            assert f.readline().rstrip("\n").split(",") == columns, table


def test_csv_output_is_byte_identical_across_runs_and_thread_counts(tmp_path):
    gen.generate(tmp_path / "a", SMALL, "csv", con=gen.connect(threads=1))
    gen.generate(tmp_path / "b", SMALL, "csv", con=gen.connect(threads=2))
    for table in EXPECTED_COLUMNS:
        assert filecmp.cmp(tmp_path / "a" / f"{table}.csv", tmp_path / "b" / f"{table}.csv", shallow=False), (
            table
        )


def test_parquet_output_is_identical_across_runs_and_thread_counts(tmp_path):
    gen.generate(tmp_path / "a", SMALL, "parquet", con=gen.connect(threads=1))
    gen.generate(tmp_path / "b", SMALL, "parquet", con=gen.connect(threads=2))
    for table in EXPECTED_COLUMNS:
        a = open_folder(tmp_path / "a", "parquet").execute(f"select * from {table}").fetchall()
        b = open_folder(tmp_path / "b", "parquet").execute(f"select * from {table}").fetchall()
        assert a == b, table


def test_the_seed_changes_the_data(tmp_path):
    gen.generate(tmp_path / "a", SMALL, "csv", tables=["orders"])
    gen.generate(tmp_path / "b", gen.Params(customers=300, seed=7), "csv", tables=["orders"])
    assert not filecmp.cmp(tmp_path / "a" / "orders.csv", tmp_path / "b" / "orders.csv", shallow=False)


def test_end_date_bounds_every_event(tmp_path):
    params = gen.Params(customers=300, end_date=dt.date(2025, 12, 31), bad_rows=False)
    gen.generate(tmp_path, params, "csv")
    con = open_folder(tmp_path)
    assert scalar(con, "select min(left(ordered_at, 10)) from orders") >= "2023-01-01"
    assert scalar(con, "select max(left(ordered_at, 10)) from orders") <= "2025-12-31"
    assert scalar(con, "select max(left(abandoned_at, 10)) from abandoned_carts") <= "2025-12-31"
    assert scalar(con, "select max(left(registered_at, 10)) from customers") < "2025-12-31"


def test_without_bad_rows_every_value_is_well_formed(tmp_path):
    gen.generate(tmp_path, gen.Params(customers=300, bad_rows=False), "csv")
    con = open_folder(tmp_path)
    assert scalar(con, f"select count(*) from orders where not regexp_matches(order_total, '{AMOUNT}')") == 0
    assert (
        scalar(con, f"select count(*) from orders where not regexp_matches(ordered_at, '{TIMESTAMP}')") == 0
    )
    assert scalar(con, "select count(*) from order_lines where quantity::integer < 1") == 0
    assert scalar(con, "select count(*) - count(distinct order_id) from orders") == 0
    assert scalar(con, "select count(*) from customers where customer_id is null") == 0


# --- large sets ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parquet_set(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("parquet_set")
    counts = gen.generate(out, gen.Params(customers=5000), "parquet", con=gen.connect(threads=2))
    return out, counts


def test_parquet_mode_writes_six_readable_text_files(parquet_set):
    out, counts = parquet_set
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.parquet" for t in EXPECTED_COLUMNS)
    con = open_folder(out, "parquet")
    for table, columns in EXPECTED_COLUMNS.items():
        described = con.execute(f"describe {table}").fetchall()
        assert [r[0] for r in described] == columns
        assert {r[1] for r in described} == {"VARCHAR"}, table
        assert scalar(con, f"select count(*) from {table}") == counts[table]


def test_parquet_mode_has_realistic_ratios(parquet_set):
    _, counts = parquet_set
    assert counts["customers"] == 5000 + 1  # + the one broken row
    assert 8 <= counts["orders"] / counts["customers"] <= 12
    assert 2.2 <= counts["order_lines"] / counts["orders"] <= 2.8
    assert counts["products"] == 151


# --- the committed demo -------------------------------------------------------------------------


def test_committed_seeds_equal_a_fresh_default_run():
    assert gen.check_demo(gen.Params()) == [], "seeds/demo drifted: run scripts/generate_demo_data.py"


def test_cli(tmp_path, capsys):
    assert gen.main(["--check"]) == 0
    assert gen.main(["--customers", "50", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{t}.parquet" for t in EXPECTED_COLUMNS)
    err = capsys.readouterr().err
    assert "orders:" in err
    assert "@" not in err  # counts and timings only, no personal data
    with pytest.raises(SystemExit):
        gen.main(["--customers", "0"])


def test_check_reports_drift(tmp_path):
    gen.generate(tmp_path, gen.Params(seed=1), "csv")
    assert "orders" in gen.check_demo(gen.Params(), tmp_path)


@pytest.fixture(scope="module")
def demo() -> duckdb.DuckDBPyConnection:
    return open_folder(gen.DEMO_DIR)


def test_demo_size(demo):
    assert 1900 <= scalar(demo, "select count(*) from customers") <= 2100
    assert scalar(demo, "select count(*) from orders") >= 10000
    assert 140 <= scalar(demo, "select count(distinct sku) from products") <= 160


def test_demo_dates(demo):
    days = "select left(ordered_at, 10) as d from orders where regexp_matches(ordered_at, '^[0-9]{4}-')"
    assert scalar(demo, f"select min(d) from ({days})") >= "2023-07-01"
    assert scalar(demo, f"select max(d) from ({days})") == "2026-06-30"
    per_day = scalar(demo, f"select count(*) / count(distinct d) from ({days})")
    assert scalar(demo, f"select count(*) from ({days}) where d = '2024-02-29'") > 0
    for black_friday in ("2024-11-29", "2025-11-28"):
        assert scalar(demo, f"select count(*) from ({days}) where d = '{black_friday}'") > 2 * per_day
    month_ends = f"select count(*) from ({days}) where d::date = last_day(d::date)"
    assert scalar(demo, month_ends) > 0
    registered = "select left(registered_at, 10) from customers where registered_at is not null"
    assert scalar(demo, f"select min(r) from ({registered}) as t(r)") < "2021-09-01"  # about five years


def test_demo_raw_format_variety(demo):
    assert scalar(demo, "select count(*) from orders where ordered_at like '____-__-__ __:__:__'") > 0
    assert scalar(demo, "select count(*) from orders where ordered_at like '%Z'") > 0
    assert scalar(demo, "select count(*) from orders where ordered_at like '%+0_:00'") > 0
    assert scalar(demo, "select count(*) from customers where length(registered_at) = 10") > 0
    assert scalar(demo, "select count(*) from customers where email <> trim(email)") > 0
    assert scalar(demo, "select count(*) from customers where email <> lower(email)") > 0
    assert scalar(demo, "select count(*) from customers where country_code <> upper(country_code)") > 0


def test_demo_customer_columns(demo):
    spellings = column_set(demo, "select accepts_marketing from customers")
    assert {"true", "false", "yes", "no", "1", "0"} <= {s.lower() for s in spellings if s}
    assert None in spellings
    assert any(s and s not in ("true", "false", "yes", "no", "1", "0") for s in spellings)  # varied case
    channels = {c.lower() for c in column_set(demo, "select marketing_channel from customers") if c}
    assert channels == {"email", "sms", "messenger", "viber"}
    countries = {c.upper() for c in column_set(demo, "select country_code from customers") if c}
    assert {"DK", "SE", "NO", "DE", "GB", "US"} <= countries
    # region, city and postal code are consistent per country: a city lies in exactly one country and region
    assert scalar(demo, "select max(n) from (select count(distinct upper(country_code) || region) as n "
                        "from customers group by city)") == 1  # fmt: skip
    assert column_set(demo, "select customer_type from customers") == {"private", "business"}
    assert column_set(demo, "select customer_group from customers") == {"retail", "wholesale", "vip", "staff"}
    assert scalar(demo, "select count(*) from customers where tags is null") > 0
    assert scalar(demo, "select count(*) from customers where tags like '%|%'") > 0
    assert scalar(demo, "select count(*) from customers where tags like '%o''brien-club%'") > 0
    assert scalar(demo, "select count(*) from customers where last_name like '%''%'") > 0
    assert scalar(demo, "select count(*) from customers where phone like '+%'") > 0


def test_demo_order_columns(demo):
    statuses = {s.lower() for s in column_set(demo, "select status from orders")}
    assert {"completed", "pending", "processing", "shipped", "cancelled", "refunded", "failed"} <= statuses
    most = demo.execute("select lower(status), count(*) from orders group by 1 order by 2 desc").fetchone()
    assert most[0] == "completed"
    codes = column_set(demo, "select offer_code from orders")
    assert {"WELCOME10", "SUMMER24", "BF2024", "BF2025", None} <= codes
    assert scalar(demo, "select avg(case when offer_code is null then 1 else 0 end) from orders") > 0.8
    assert {c.lower() for c in column_set(demo, "select sales_channel from orders")} == {"web", "app", "pos"}
    assert {c.upper() for c in column_set(demo, "select currency from orders")} == {"EUR"}
    assert scalar(demo, "select count(*) from orders where discount_total <> '0.00'") > 0
    guests = scalar(demo, "select count(*) from orders where customer_id is null")
    assert 1 <= guests <= 50


def test_demo_order_totals_are_lines_minus_discount(demo):
    mismatches = demo.execute(f"""
        with lines as (
            select order_id, sum(quantity::integer * unit_price::decimal(18, 2)) as lines_total
            from (select distinct * from order_lines)
            group by order_id
        )
        select o.order_id
        from orders as o
        join lines as l on o.order_id = l.order_id
        where regexp_matches(o.order_total, '{AMOUNT}')
            and o.order_total::decimal(18, 2) + o.discount_total::decimal(18, 2) <> l.lines_total
    """).fetchall()
    assert mismatches == []


def test_demo_buyer_kinds(demo):
    per_customer = """
        select c.customer_id, count(o.order_id) as n, max(left(o.ordered_at, 10)) as last_day
        from customers as c
        left join orders as o on c.customer_id = o.customer_id
        where c.customer_id is not null
        group by c.customer_id
    """
    share_without = scalar(demo, f"select avg(case when n = 0 then 1 else 0 end) from ({per_customer})")
    assert 0.08 <= share_without <= 0.18
    assert scalar(demo, f"select count(*) from ({per_customer}) where n = 1") > 100
    assert scalar(demo, f"select count(*) from ({per_customer}) where n >= 10") > 100
    # loyal customers who stopped ordering about a year ago
    assert (
        scalar(demo, f"select count(*) from ({per_customer}) where n >= 10 and last_day < '2025-08-01'") > 10
    )
    items = """
        select o.customer_id, sum(l.quantity::integer) / count(distinct o.order_id) as avg_items
        from orders as o
        join order_lines as l on o.order_id = l.order_id
        where o.customer_id is not null
        group by o.customer_id
    """
    assert scalar(demo, f"select count(*) from ({items}) where avg_items >= 2") > 100
    assert scalar(demo, f"select count(*) from ({items}) where avg_items < 2") > 100


def test_demo_consumables_are_bought_again_and_durables_once(demo):
    per_sku = """
        with bought as (
            select o.customer_id, l.sku, count(distinct o.order_id) as n
            from order_lines as l
            join orders as o on l.order_id = o.order_id
            where o.customer_id is not null
            group by all
        )
        select b.sku, coalesce(p.tags, '') like '%consumable%' as is_consumable,
            count(*) as buyers, avg(case when n >= 2 then 1 else 0 end) as repurchase_rate
        from bought as b
        join products as p on b.sku = p.sku
        group by all
    """
    rates = demo.execute(per_sku).fetchall()
    consumable = [r for r in rates if r[1]]
    durable = [r for r in rates if not r[1]]
    assert len(consumable) >= 15
    assert len(durable) >= 100
    assert all(r[3] >= 0.3 and r[2] >= 5 for r in consumable)  # recurring (dbt vars: 0.3, 5 buyers)
    assert all(r[3] < 0.3 for r in durable)
    gaps = """
        select o.customer_id, l.sku, left(o.ordered_at, 10)::date as d
        from order_lines as l
        join orders as o on l.order_id = o.order_id
        join products as p on l.sku = p.sku
        where p.tags like '%consumable%' and o.customer_id is not null
    """
    median_gap = scalar(
        demo,
        f"""
        select median(gap) from (
            select d - lag(d) over (partition by customer_id, sku order by d) as gap from ({gaps})
        ) where gap is not null
    """,
    )
    assert 30 <= median_gap <= 60


def test_demo_products_carts_attributes(demo):
    brands = column_set(demo, "select brand from products")
    assert {"Nike", "Adidas", "Levi's"} <= brands
    assert len(column_set(demo, "select category from products")) >= 8
    assert scalar(demo, "select count(*) from products where tags like '%|%'") > 0
    no_order_carts = """
        select count(*) from abandoned_carts as a
        where not exists (select 1 from orders as o where o.customer_id = a.customer_id)
    """
    assert scalar(demo, no_order_carts) > 0
    assert scalar(demo, "select count(distinct customer_id) from abandoned_carts") > 200
    attributes = column_set(demo, "select attribute from customer_attributes")
    assert {"shoe_size", "favourite_store", "birthday_month"} <= attributes
    assert scalar(demo, "select count(*) from customer_attributes where value like '%''%'") > 0


def test_demo_deliberately_broken_rows(demo):
    """Exactly the rows docs/demo-data.md lists, so the rejection report has known counts."""
    assert scalar(demo, "select count(*) from customers where customer_id is null") == 1
    assert scalar(demo, f"select count(*) from orders where not regexp_matches(order_total, '{AMOUNT}')") == 1
    assert (
        scalar(demo, f"select count(*) from orders where not regexp_matches(ordered_at, '{TIMESTAMP}')") == 1
    )
    conflicting = "select order_id from orders group by 1 having count(distinct order_total) > 1"
    assert demo.execute(conflicting).fetchall() == [("O000201102",)]
    assert scalar(demo, "select count(*) - count(distinct order_id) from orders") == 1
    assert scalar(demo, "select count(*) - (select count(*) from (select distinct * from order_lines)) "
                        "from order_lines") == 1  # fmt: skip
    assert scalar(demo, "select count(*) - count(distinct order_line_id) from order_lines") == 1
    assert scalar(demo, "select count(*) from order_lines where quantity::integer <= 0") == 1
    unknown = """
        select count(*) from order_lines as l
        where not exists (select 1 from orders as o where o.order_id = l.order_id)
    """
    assert scalar(demo, unknown) == 1
    assert scalar(demo, "select count(*) from products where sku is null") == 1
    assert scalar(demo, "select count(*) from abandoned_carts where cart_id is null") == 1
    assert scalar(demo, "select count(*) from customer_attributes where customer_id is null") == 1
