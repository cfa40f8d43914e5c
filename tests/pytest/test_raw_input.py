"""The three ways raw data gets in (raw_path CSV / Parquet files, raw_schema tables) and the rejection
of every kind of broken row, end to end through `dbt build` of the staging layer.

One dbt build per scenario, shared by the tests of that scenario (module-scoped fixtures):
  broken   raw_path folder of CSVs with a broken row for every rejection reason
  minimal  raw_path folder with only customers/orders/order_lines.csv and a few columns each
  parquet  the minimal data as Parquet (plus a decoy CSV: Parquet wins)
  schema   raw_schema: tables (and a view) in a schema of the warehouse itself
  incomplete  raw_path folder without the required orders file, and a products.csv with none of
           the contract columns: two `dbt compile` calls, each a clear error
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import REPO, DbtProject

pytestmark = pytest.mark.dbt

AS_OF = {"as_of_date": "2026-06-30"}
# Only the staging layer (its models, data tests and singular tests).
# cautious: leave out tests of other layers that merely touch a staging model.
BUILD = ["build", "--select", "staging", "quality", "--indirect-selection", "cautious"]
BUILD_NO_UNIT = [*BUILD, "--exclude", "test_type:unit"]

REASONS = {
    "customers": {"missing_key", "exact_duplicate", "conflicting_duplicate_key"},
    "orders": {
        "missing_key",
        "invalid_ordered_at",
        "invalid_order_total",
        "negative_order_total",
        "exact_duplicate",
        "conflicting_duplicate_key",
        "unknown_customer",
    },
    "order_lines": {
        "missing_key",
        "invalid_quantity",
        "invalid_unit_price",
        "non_positive_quantity",
        "negative_unit_price",
        "exact_duplicate",
        "conflicting_duplicate_key",
        "unknown_order",
    },
    "products": {"missing_key", "exact_duplicate", "conflicting_duplicate_key"},
    "abandoned_carts": {
        "missing_key",
        "invalid_abandoned_at",
        "exact_duplicate",
        "conflicting_duplicate_key",
        "unknown_customer",
    },
    "customer_attributes": {
        "missing_key",
        "exact_duplicate",
        "conflicting_duplicate_key",
        "unknown_customer",
    },
}

# Staging column interface (docs/architecture.md) with the DuckDB types staging promises.
STAGING_COLUMNS = {
    "stg_shop__customers": [
        ("customer_id", "VARCHAR"),
        ("email", "VARCHAR"),
        ("first_name", "VARCHAR"),
        ("last_name", "VARCHAR"),
        ("phone", "VARCHAR"),
        ("customer_type", "VARCHAR"),
        ("customer_group", "VARCHAR"),
        ("country_code", "VARCHAR"),
        ("region", "VARCHAR"),
        ("city", "VARCHAR"),
        ("postal_code", "VARCHAR"),
        ("accepts_marketing", "BOOLEAN"),
        ("marketing_channel", "VARCHAR"),
        ("tags", "VARCHAR"),
        ("registered_at", "TIMESTAMP"),
        ("registered_date", "DATE"),
    ],
    "stg_shop__customer_tags": [("customer_id", "VARCHAR"), ("tag", "VARCHAR")],
    "stg_shop__orders": [
        ("order_id", "VARCHAR"),
        ("customer_id", "VARCHAR"),
        ("status", "VARCHAR"),
        ("currency", "VARCHAR"),
        ("offer_code", "VARCHAR"),
        ("sales_channel", "VARCHAR"),
        ("order_total", "DECIMAL(18,2)"),
        ("discount_total", "DECIMAL(18,2)"),
        ("is_guest_checkout", "BOOLEAN"),
        ("ordered_at", "TIMESTAMP"),
        ("order_date", "DATE"),
    ],
    "stg_shop__order_lines": [
        ("order_line_id", "VARCHAR"),
        ("order_id", "VARCHAR"),
        ("sku", "VARCHAR"),
        ("quantity", "INTEGER"),
        ("unit_price", "DECIMAL(18,2)"),
    ],
    "stg_shop__products": [
        ("sku", "VARCHAR"),
        ("product_name", "VARCHAR"),
        ("brand", "VARCHAR"),
        ("category", "VARCHAR"),
        ("tags", "VARCHAR"),
    ],
    "stg_shop__product_tags": [("sku", "VARCHAR"), ("tag", "VARCHAR")],
    "stg_shop__abandoned_carts": [
        ("cart_id", "VARCHAR"),
        ("customer_id", "VARCHAR"),
        ("cart_total", "DECIMAL(18,2)"),
        ("abandoned_at", "TIMESTAMP"),
        ("abandoned_date", "DATE"),
    ],
    "stg_shop__customer_attributes": [
        ("customer_id", "VARCHAR"),
        ("attribute_name", "VARCHAR"),
        ("attribute_value", "VARCHAR"),
    ],
}

# --- the broken folder: (expected outcome, row) per raw row, in file order --------------------------
# Headers deliberately use other cases, surrounding spaces and an extra column (ignored).
KEPT = None
BROKEN = {
    "customers": (
        [
            "Customer_ID",
            " EMAIL ",
            "first_name",
            "country_code",
            "registered_at",
            "accepts_marketing",
            "tags",
            "notes",
        ],
        [
            (
                KEPT,
                [
                    "c1",
                    " Ann@Example.COM ",
                    "Ann",
                    "se",
                    "2024-02-29T23:30:00-02:00",
                    "Yes",
                    "vip| new ||vip",
                    "x",
                ],
            ),
            ("missing_key", ["  ", "nobody@example.com", "No", "DK", "", "", "", ""]),
            (KEPT, ["c2", "bob@example.com", "Bob", "DK", "2024-01-05", "no", "", ""]),
            (
                "exact_duplicate",
                [" c2", "bob@example.com ", "Bob", "DK", "2024-01-05", "no", "", "other note"],
            ),
            ("conflicting_duplicate_key", ["c3", "c3@example.com", "Cy", "DK", "", "", "", ""]),
            ("conflicting_duplicate_key", ["c3", "c3-other@example.com", "Cy", "DK", "", "", "", ""]),
            (KEPT, ["c4", "o'brien@example.com", "Dee", "de", "not a date", "maybe", "", ""]),
        ],
    ),
    "orders": (
        ["order_id", "customer_id", "ordered_at", "status", "currency", "order_total", "discount_total"],
        [
            (KEPT, ["o1", "c1", "2024-03-01T01:00:00+02:00", " Paid ", "eur", "100.50", "5"]),
            (KEPT, ["o2", "", "2024-03-02", "pending", "EUR", "20", ""]),
            ("missing_key", ["", "c1", "2024-03-02", "paid", "EUR", "20", ""]),
            ("invalid_ordered_at", ["o4", "c1", "2025-02-30", "paid", "EUR", "20", ""]),
            ("invalid_order_total", ["o5", "c1", "2024-03-02", "paid", "EUR", "EUR 5", ""]),
            ("negative_order_total", ["o6", "c1", "2024-03-02", "refunded", "EUR", "-5", ""]),
            (KEPT, ["o7", "c2", "2024-03-03", "paid", "EUR", "7", ""]),
            ("exact_duplicate", ["o7", "c2", "2024-03-03", "paid", "EUR", "7", ""]),
            ("conflicting_duplicate_key", ["o9", "c2", "2024-03-03", "paid", "EUR", "9", ""]),
            ("conflicting_duplicate_key", ["o9", "c2", "2024-03-03", "paid", "EUR", "9.5", ""]),
            ("unknown_customer", ["o11", "c99", "2024-03-03", "paid", "EUR", "11", ""]),
            ("unknown_customer", ["o12", "c3", "2024-03-03", "paid", "EUR", "12", ""]),
            (KEPT, ["o13", "c4", "2024-03-03", "paid", "EUR", "13", "abc"]),
        ],
    ),
    "order_lines": (
        ["order_line_id", "order_id", "sku", "quantity", "unit_price"],
        [
            (KEPT, ["l1", "o1", "s1", "2", "50.25"]),
            ("missing_key", ["", "o1", "s1", "1", "1"]),
            ("missing_key", ["l3", "", "s1", "1", "1"]),
            ("invalid_quantity", ["l4", "o1", "s1", "x", "1"]),
            ("invalid_unit_price", ["l5", "o1", "s1", "1", "1,50"]),
            ("non_positive_quantity", ["l6", "o1", "s1", "0", "1"]),
            ("negative_unit_price", ["l7", "o1", "s1", "1", "-1"]),
            (KEPT, ["l8", "o1", "s2", "1", "3"]),
            ("exact_duplicate", ["l8", "o1", "s2", "1", "3"]),
            ("conflicting_duplicate_key", ["l10", "o1", "s1", "1", "1"]),
            ("conflicting_duplicate_key", ["l10", "o1", "s1", "2", "1"]),
            ("unknown_order", ["l12", "o99", "s1", "1", "1"]),
            ("unknown_order", ["l13", "o4", "s1", "1", "1"]),
            (KEPT, ["l14", "o2", "s1", "3.0", ""]),
        ],
    ),
    "products": (
        ["sku", "product_name", "brand", "category", "tags"],
        [
            (KEPT, ["s1", "Shirt", "Acme", "apparel", "summer| cotton"]),
            ("missing_key", ["", "Gift card", "Shop", "cards", ""]),
            (KEPT, ["s3", "Mug", "Acme", "home", ""]),
            ("exact_duplicate", ["s3", "Mug", "Acme", "home", ""]),
            ("conflicting_duplicate_key", ["s5", "Cup", "Acme", "home", ""]),
            ("conflicting_duplicate_key", ["s5", "Cup XL", "Acme", "home", ""]),
        ],
    ),
    "abandoned_carts": (
        ["cart_id", "customer_id", "abandoned_at", "cart_total"],
        [
            (KEPT, ["k1", "c1", "2024-03-05T23:00:00-05:00", "30"]),
            ("missing_key", ["k2", "", "2024-03-05", "1"]),
            ("invalid_abandoned_at", ["k3", "c1", "yesterday", "1"]),
            (KEPT, ["k4", "c1", "2024-03-05", "1"]),
            ("exact_duplicate", ["k4", "c1", "2024-03-05", "1"]),
            ("conflicting_duplicate_key", ["k6", "c1", "2024-03-05", "1"]),
            ("conflicting_duplicate_key", ["k6", "c2", "2024-03-05", "1"]),
            ("unknown_customer", ["k8", "c99", "2024-03-05", "1"]),
            (KEPT, ["k9", "c2", "2024-03-05", "lots"]),
        ],
    ),
    "customer_attributes": (
        ["customer_id", "attribute", "value"],
        [
            (KEPT, ["c1", "shoe_size", "42"]),
            ("missing_key", ["c1", "", "x"]),
            (KEPT, ["c2", "colour", "blue"]),
            ("exact_duplicate", ["c2", "colour", "blue"]),
            ("conflicting_duplicate_key", ["c2", "size", "M"]),
            ("conflicting_duplicate_key", ["c2", "size", "L"]),
            ("unknown_customer", ["c99", "shoe_size", "40"]),
        ],
    ),
}
KEYS = {
    "customers": "customer_id",
    "orders": "order_id",
    "order_lines": "order_line_id",
    "products": "sku",
    "abandoned_carts": "cart_id",
    "customer_attributes": "customer_id || '/' || attribute_name",
}

# --- the minimal folder: three files, a few columns each --------------------------------------------
MINIMAL = {
    "customers": (["customer_id", "email"], [["c1", "A@X.com"], ["c2", ""]]),
    "orders": (
        ["order_id", "customer_id", "ordered_at", "order_total"],
        [["o1", "c1", "2024-01-02 10:00:00", "10.5"], ["o2", "", "2024-01-03", "4"]],
    ),
    "order_lines": (
        ["order_line_id", "order_id", "quantity"],
        [["l1", "o1", "2"], ["l2", "o1", "1"], ["l3", "o2", "5"]],
    ),
}


def write_csv(folder: Path, table: str, header: list[str], rows: list[list[str]]) -> None:
    with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def staging_rows(project: DbtProject, model: str, columns: str = "*", order_by: str = "1") -> list[tuple]:
    return project.query(f"select {columns} from staging.{model} order by {order_by}")


def staging_columns(project: DbtProject, model: str) -> list[tuple[str, str]]:
    return project.query(
        "select column_name, data_type from information_schema.columns "
        f"where table_schema = 'staging' and table_name = '{model}' order by ordinal_position"
    )


def assert_test_results_pass(run) -> None:
    failed = {uid: status for uid, status in run.results().items() if status not in ("pass", "success")}
    assert not failed, failed


# --- scenario: broken rows ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    workdir = tmp_path_factory.mktemp("raw_broken")
    folder = workdir / "shop o'brien raw"  # a quote and spaces in the path are quoted safely
    folder.mkdir()
    for table, (header, rows) in BROKEN.items():
        write_csv(folder, table, header, [row for _outcome, row in rows])
    project = DbtProject(workdir)
    project.last_run = project.run(BUILD, vars={**AS_OF, "raw_path": str(folder)})
    return project


def test_broken_rows_build_passes_every_staging_test(broken: DbtProject) -> None:
    results = broken.last_run.results()
    assert_test_results_pass(broken.last_run)
    singular = [uid for uid in results if uid.startswith("test.shop_segments.assert_") and "raw_rows" in uid]
    assert len(singular) == 6
    # the parsing and rejection unit tests (fixtures for source('shop', ...)) run on the demo seeds
    # only; the unit tests of the tag models run here too
    assert sum(uid.startswith("unit_test.") for uid in results) >= 2


@pytest.mark.parametrize("table", list(BROKEN))
def test_every_broken_row_is_rejected_with_its_reason(broken: DbtProject, table: str) -> None:
    _header, rows = BROKEN[table]
    expected = {number: outcome for number, (outcome, _row) in enumerate(rows, start=1) if outcome}
    actual = dict(broken.query(f"select raw_row_number, rejection_reason from staging.{table}_rejected"))
    assert actual == expected
    # Every reason of the table is exercised by this folder.
    assert set(expected.values()) == REASONS[table]


@pytest.mark.parametrize("table", list(BROKEN))
def test_raw_rows_equal_kept_plus_rejected(broken: DbtProject, table: str) -> None:
    _header, rows = BROKEN[table]
    kept_expected = sum(outcome is KEPT for outcome, _row in rows)
    (staged,) = broken.query(f"select count(*) from staging.stg_shop__{table}")[0]
    (rejected, referential) = broken.query(
        "select count(*), count(*) filter "
        "(where rejection_reason in ('unknown_customer', 'unknown_order')) "
        f"from staging.{table}_rejected"
    )[0]
    # rows rejected by a referential check (after staging) are staged but not kept
    kept = staged - referential
    assert kept == kept_expected
    assert kept + rejected == len(rows)
    report = dict(
        broken.query(
            "select outcome, row_count from staging.data_quality_report "
            f"where table_name = '{table}' and outcome_type in ('kept', 'rejected')"
        )
    )
    assert report["kept"] == kept
    assert sum(report.values()) == len(rows)
    assert {outcome for outcome, count in report.items() if count and outcome != "kept"} == REASONS[table]
    raw_counts = broken.query(
        f"select distinct raw_row_count from staging.data_quality_report where table_name = '{table}'"
    )
    assert raw_counts == [(len(rows),)]


def test_kept_rows_are_typed_and_normalised(broken: DbtProject) -> None:
    customers = staging_rows(
        broken,
        "stg_shop__customers",
        "customer_id, email, country_code, accepts_marketing, registered_at, registered_date, tags",
    )
    assert [c[0] for c in customers] == ["c1", "c2", "c4"]
    c1, c2, c4 = customers
    assert c1[1:4] == ("ann@example.com", "SE", True)
    # -02:00 moves the UTC timestamp to 1 March; the date as written stays the leap day.
    assert str(c1[4]) == "2024-03-01 01:30:00"
    assert str(c1[5]) == "2024-02-29"
    assert c1[6] == "vip| new ||vip"
    assert c2[3] is False
    assert c4[1] == "o'brien@example.com"
    assert (c4[3], c4[4], c4[5]) == (None, None, None)  # unparseable optional values -> null, row kept
    assert broken.query("select tag from staging.stg_shop__customer_tags order by tag") == [
        ("new",),
        ("vip",),
    ]

    orders = staging_rows(
        broken,
        "stg_shop__orders",
        "order_id, customer_id, is_guest_checkout, status, currency, order_total, discount_total, "
        "ordered_at, order_date",
    )
    by_id = {row[0]: row for row in orders}
    # o11, o12 pass the order checks; their customers are checked after staging (unknown_customer)
    assert set(by_id) == {"o1", "o2", "o7", "o11", "o12", "o13"}
    assert by_id["o1"][3:7] == ("paid", "EUR", Decimal("100.50"), Decimal("5.00"))
    assert (str(by_id["o1"][7]), str(by_id["o1"][8])) == ("2024-02-29 23:00:00", "2024-03-01")
    assert by_id["o2"][1:3] == (None, True)  # guest checkout: kept
    assert by_id["o13"][6] is None

    lines = dict(broken.query("select order_line_id, quantity from staging.stg_shop__order_lines"))
    # l12, l13 pass the line checks; their orders are checked after staging (unknown_order)
    assert lines == {"l1": 2, "l8": 1, "l12": 1, "l13": 1, "l14": 3}


def test_rejected_rows_keep_the_raw_text(broken: DbtProject) -> None:
    rows = broken.query(
        "select customer_id, email, raw_row_number from staging.customers_rejected "
        "where rejection_reason = 'exact_duplicate'"
    )
    assert rows == [(" c2", "bob@example.com ", 4)]
    columns = [name for name, _type in staging_columns(broken, "customers_rejected")]
    assert columns[-2:] == ["raw_row_number", "rejection_reason"]
    assert "notes" not in columns  # extra raw columns are ignored


def test_nulled_optional_values_are_counted(broken: DbtProject) -> None:
    nulled = broken.query(
        "select table_name || '.' || column_name, nulled_row_count, kept_row_count "
        "from staging.data_quality_nulled_values order by 1"
    )
    kept = {
        table: sum(outcome is KEPT for outcome, _row in rows) for table, (_header, rows) in BROKEN.items()
    }
    assert nulled == [
        ("abandoned_carts.cart_total", 1, kept["abandoned_carts"]),
        ("customers.accepts_marketing", 1, kept["customers"]),
        ("customers.registered_at", 1, kept["customers"]),
        ("orders.discount_total", 1, kept["orders"]),
    ]


# --- scenario: minimal CSV folder --------------------------------------------------------------------
@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    workdir = tmp_path_factory.mktemp("raw_minimal")
    folder = workdir / "raw"
    folder.mkdir()
    for table, (header, rows) in MINIMAL.items():
        write_csv(folder, table, header, rows)
    project = DbtProject(workdir)
    project.last_run = project.run(BUILD_NO_UNIT, vars={**AS_OF, "raw_path": str(folder)})
    return project


def test_minimal_folder_builds_with_missing_columns_null(minimal: DbtProject) -> None:
    assert_test_results_pass(minimal.last_run)
    assert staging_rows(
        minimal, "stg_shop__customers", "customer_id, email, country_code, accepts_marketing"
    ) == [
        ("c1", "a@x.com", None, None),
        ("c2", None, None, None),
    ]
    assert staging_rows(minimal, "stg_shop__orders", "order_id, customer_id, status, discount_total") == [
        ("o1", "c1", None, None),
        ("o2", None, None, None),
    ]
    assert staging_rows(minimal, "stg_shop__order_lines", "order_line_id, sku, quantity, unit_price") == [
        ("l1", None, 2, None),
        ("l2", None, 1, None),
        ("l3", None, 5, None),
    ]
    for model in ("stg_shop__products", "stg_shop__abandoned_carts", "stg_shop__customer_attributes"):
        assert staging_rows(minimal, model, "count(*)") == [(0,)]
    assert minimal.query(
        "select table_name, raw_row_count from staging.data_quality_report where outcome = 'kept' "
        "order by table_order"
    ) == [
        ("customers", 2),
        ("orders", 2),
        ("order_lines", 3),
        ("products", 0),
        ("abandoned_carts", 0),
        ("customer_attributes", 0),
    ]


def contract_columns() -> set[str]:
    """Every raw column of the sources YAML (the raw input contract)."""
    (shop,) = yaml.safe_load((REPO / "models/staging/shop/_shop__sources.yml").read_text())["sources"]
    return {column["name"] for table in shop["tables"] for column in table["columns"]}


def test_staging_columns_match_the_architecture_interface(minimal: DbtProject) -> None:
    """The interface columns, in order and with their types; a staging model may carry further
    parsed raw columns (a column added to the contract is passed on under its contract name)."""
    for model, columns in STAGING_COLUMNS.items():
        actual = staging_columns(minimal, model)
        assert [column for column in actual if column in columns] == columns, model
        extra = [name for name, _type in actual if (name, _type) not in columns]
        # raw_row_number: the link to the raw row (architecture.md, Staging)
        assert set(extra) <= contract_columns() | {"raw_row_number"}, (model, extra)


# --- scenario: the minimal data as Parquet -----------------------------------------------------------
@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    workdir = tmp_path_factory.mktemp("raw_parquet")
    csv_folder = workdir / "csv"
    folder = workdir / "raw"
    csv_folder.mkdir()
    folder.mkdir()
    for table, (header, rows) in MINIMAL.items():
        write_csv(csv_folder, table, header, rows)
    with duckdb.connect() as con:
        # Typed Parquet columns (timestamp, decimal, integer) must read back as the same values.
        con.execute(
            f"copy (select customer_id as CUSTOMER_ID, email from read_csv('{csv_folder}/customers.csv', "
            f"all_varchar = true)) to '{folder}/customers.parquet'"
        )
        con.execute(
            "copy (select order_id, customer_id, cast(ordered_at as timestamp) as ordered_at, "
            f"cast(order_total as decimal(10, 2)) as order_total from read_csv('{csv_folder}/orders.csv', "
            f"all_varchar = true)) to '{folder}/orders.parquet'"
        )
        con.execute(
            "copy (select order_line_id, order_id, cast(quantity as integer) as quantity from "
            f"read_csv('{csv_folder}/order_lines.csv', all_varchar = true)) "
            f"to '{folder}/order_lines.parquet'"
        )
    # A decoy CSV next to the Parquet file: Parquet is preferred.
    write_csv(folder, "orders", ["order_id", "ordered_at", "order_total"], [["decoy", "2024-01-01", "1"]])
    project = DbtProject(workdir)
    # A relative raw_path resolves from SHOP_SEGMENTS_HOME (the repo root).
    project.env["SHOP_SEGMENTS_HOME"] = str(workdir)
    project.last_run = project.run(BUILD_NO_UNIT, vars={**AS_OF, "raw_path": "raw"})
    return project


def test_parquet_folder_gives_the_same_staging_rows(parquet: DbtProject, minimal: DbtProject) -> None:
    assert_test_results_pass(parquet.last_run)
    for model in ("stg_shop__customers", "stg_shop__orders", "stg_shop__order_lines"):
        assert staging_rows(parquet, model) == staging_rows(minimal, model), model
    assert parquet.query(
        "select raw_row_number, order_line_id from staging.stg_shop__order_lines order by 1"
    ) == [
        (1, "l1"),
        (2, "l2"),
        (3, "l3"),
    ]


# --- scenario: raw tables already in the warehouse ---------------------------------------------------
@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    project = DbtProject(tmp_path_factory.mktemp("raw_schema"))
    with duckdb.connect(str(project.db_path)) as con:
        con.execute("create schema shop_raw")
        con.execute("create table shop_raw.customers (customer_id varchar, Email varchar, tags varchar)")
        con.execute("insert into shop_raw.customers values ('c1', 'A@X.COM', 'b|a'), ('c2', null, null)")
        con.execute(
            "create table shop_raw.orders (order_id varchar, customer_id varchar, ordered_at timestamp, "
            "order_total decimal(10, 2), extra integer)"
        )
        con.execute("insert into shop_raw.orders values ('o1', 'c1', '2024-05-01 12:00', 9.99, 1)")
        con.execute(
            "create table shop_raw.order_lines (order_line_id varchar, order_id varchar, quantity integer)"
        )
        con.execute("insert into shop_raw.order_lines values ('l1', 'o1', 1), ('l2', 'o9', 1)")
        con.execute("create view shop_raw.products as select 's1' as sku, 'Mug' as product_name")
    project.last_run = project.run(BUILD_NO_UNIT, vars={**AS_OF, "raw_schema": "shop_raw"})
    return project


def test_raw_schema_tables_and_views_are_read(schema: DbtProject) -> None:
    assert_test_results_pass(schema.last_run)
    assert staging_rows(schema, "stg_shop__customers", "customer_id, email") == [
        ("c1", "a@x.com"),
        ("c2", None),
    ]
    assert staging_rows(schema, "stg_shop__customer_tags", "tag") == [("a",), ("b",)]
    assert staging_rows(
        schema, "stg_shop__orders", "order_id, order_total, cast(ordered_at as varchar), order_date"
    ) == [("o1", Decimal("9.99"), "2024-05-01 12:00:00", date(2024, 5, 1))]
    assert staging_rows(schema, "stg_shop__products", "sku, product_name") == [("s1", "Mug")]
    assert schema.query("select order_line_id, rejection_reason from staging.order_lines_rejected") == [
        ("l2", "unknown_order")
    ]
    assert staging_rows(schema, "stg_shop__abandoned_carts", "count(*)") == [(0,)]


# --- scenario: a required file is missing, an optional one unreadable ---------------------------------
@pytest.fixture(scope="module")
def incomplete(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtProject, Path]:
    workdir = tmp_path_factory.mktemp("raw_incomplete")
    folder = workdir / "raw"
    folder.mkdir()
    for table in ("customers", "order_lines"):
        header, rows = MINIMAL[table]
        write_csv(folder, table, header, rows)
    # None of the products columns: a foreign export, not silently an empty table.
    (folder / "products.csv").write_text("name;price\nMug;3\n", encoding="utf-8")
    return DbtProject(workdir), folder


def compile_error(project: DbtProject, folder: Path, model: str) -> str:
    run = project.run(
        ["compile", "--select", model, "--threads", "1"], vars={**AS_OF, "raw_path": str(folder)}, check=False
    )
    assert run.returncode != 0
    return " ".join(run.stdout.split())


def test_missing_required_file_is_a_clear_error(incomplete: tuple[DbtProject, Path]) -> None:
    project, folder = incomplete
    output = compile_error(project, folder, "stg_shop__orders")
    assert f"required raw file {folder}/orders.parquet (or orders.csv) not found" in output


def test_file_without_contract_columns_is_a_clear_error(incomplete: tuple[DbtProject, Path]) -> None:
    project, folder = incomplete
    output = compile_error(project, folder, "stg_shop__products")
    assert f"raw products ({folder}/products.csv) has none of the contract columns" in output
    assert "columns read: name, price" in output
