"""scripts/benchmark.py: its pure helpers, and one small end-to-end smoke run.

The smoke run (marked dbt, ~3 minutes) benchmarks a 2,000-customer shop without the parse
timings and the extra-segments build, and checks that every measured figure is there and
positive, that every ratio to the floor is a positive number, and that the floor SQL computes
exactly the project's customer_order_metrics and segment memberships (0 differing rows).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb
import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import benchmark  # noqa: E402

GIB = 1024**3


def test_parse_sizes_accepts_lists_and_rejects_nonsense():
    assert benchmark.parse_sizes("10000, 100_000,1000000") == [10000, 100000, 1000000]
    for bad in ("10k", "", "50", "-1000"):
        with pytest.raises(Exception, match="sizes must be whole numbers"):
            benchmark.parse_sizes(bad)


def test_cli_rejects_bad_arguments(capsys):
    assert benchmark.main(["--as-of", "2026-13-40"]) == 2
    assert "--as-of" in capsys.readouterr().err
    assert benchmark.main(["--append-fraction", "1.5"]) == 2
    assert benchmark.main(["--segments-extra", "-1"]) == 2


def test_ratio_uses_the_floor_of_the_same_kind():
    res = {"floor_s": 10.0, "floor_peak": 2 * GIB, "full_build_s": 25.0, "full_peak": GIB, "generate_s": 3.0}
    rows = {row.key: row for row in benchmark.ROWS}
    assert benchmark.ratio(res, rows["full_build_s"]) == pytest.approx(2.5)
    assert benchmark.ratio(res, rows["full_peak"]) == pytest.approx(0.5)
    assert benchmark.ratio(res, rows["generate_s"]) is None  # not compared with the floor
    assert benchmark.ratio({"full_build_s": 1.0}, rows["full_build_s"]) is None  # floor skipped


def test_data_test_times_sum_only_the_test_nodes(tmp_path):
    results = [
        ("model.shop_segments.fct_orders", 10.0),
        ("test.shop_segments.not_null_fct_orders_order_id.abc", 1.5),
        ("test.shop_segments.unique_fct_orders_order_id.def", 2.25),
        ("seed.shop_segments.rfm_segment_grid", 0.5),
        ("snapshot.shop_segments.segment_membership_snapshot", 4.0),
        ("unit_test.shop_segments.fct_orders.test_totals", 0.75),
        ("operation.shop_segments.shop_segments-on-run-end-0", 0.1),
    ]
    (tmp_path / "run_results.json").write_text(
        json.dumps({"results": [{"unique_id": uid, "execution_time": t} for uid, t in results]})
    )
    assert benchmark.data_test_times(tmp_path) == (pytest.approx(3.75), 2)
    models, nodes, count = benchmark.model_times(tmp_path)  # unchanged by the new figure
    assert (models, count) == (10.0, 1)
    assert nodes == pytest.approx(19.1)


def _tiny_warehouse(path: Path) -> None:
    """Two schemas with a table each, and a view (not a table: not written again)."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create schema segments")
    con.execute(
        "create table marts.fct_orders as select range as order_id, range * 2 as total from range(50000)"
    )
    con.execute('create table segments."memberships" as select range % 7 as segment_id from range(20000)')
    con.execute("create view marts.big_orders as select * from marts.fct_orders where total > 10")
    con.close()


def test_persist_cost_writes_every_table_but_not_the_views(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _tiny_warehouse(warehouse)
    scratch = tmp_path / "scratch" / "persist.duckdb"
    scratch.parent.mkdir()
    out = benchmark.run_persist_cost_inline(warehouse, scratch, memory_limit="1GB", threads=1)
    assert sorted(name for name, _ in out["tables"]) == ["marts.fct_orders", "segments.memberships"]
    assert out["seconds"] > 0
    assert out["seconds"] >= sum(seconds for _, seconds in out["tables"])
    assert [s for _, s in out["tables"]] == sorted((s for _, s in out["tables"]), reverse=True)
    assert list((tmp_path / "scratch").iterdir()) == []  # scratch file, WAL and temp folder removed
    # The warehouse was only read.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_orders").fetchone()[0] == 50000


def test_persist_cost_runs_in_its_own_process(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    _tiny_warehouse(warehouse)
    work = tmp_path / "work"
    work.mkdir()
    res = benchmark.measure_persist_cost(
        warehouse, work, python=Path(sys.executable), memory_limit="1GB", threads=1
    )
    assert res["persist_s"] > 0
    assert res["persist_tables"] == 2
    assert len(res["persist_top"]) == 2
    assert all(seconds > 0 for _, seconds in res["persist_top"])
    assert res["persist_peak"] > 0
    assert sorted(p.name for p in work.iterdir()) == ["persist_cost.log"]


def test_table_and_docs_with_and_without_the_persist_and_test_figures():
    old = {"size": 1000, "floor_s": 10.0, "floor_peak": GIB, "full_build_s": 40.0, "full_peak": GIB}
    new = {
        "size": 5000,
        **{k: v for k, v in old.items() if k != "size"},
        "full_tests_s": 6.0,
        "tests": 12,
        "persist_s": 14.0,
        "persist_tables": 47,
        "persist_top": [
            ["marts.fct_order_lines", 5.5],
            ["staging.stg_orders", 3.25],
            ["marts.fct_orders", 2.0],
        ],
        "persist_peak": 2 * GIB,
    }
    table = benchmark.results_table([old, new], 0)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table.splitlines()}
    # An older result file without the new keys renders "-"; the new figures have ratios.
    assert rows["full build: sum of data test times"].endswith("| - | - | 6.0 s | 0.60 |")
    assert rows["writing the build's tables again (all of them into a fresh DuckDB file)"].endswith(
        "| - | - | 14.0 s | 1.40 |"
    )
    # 40 - 6 - 14 = 20 s, twice the floor
    assert rows["full build wall minus data tests and writing the tables again"].endswith(
        "| - | - | 20.0 s | 2.00 |"
    )
    assert rows["full dbt build, wall"].endswith("| 40.0 s | 4.00 | 40.0 s | 4.00 |")
    info = {"cores": "2"}
    without = benchmark.render_docs_section([old], info, "cmd", 0, "t")
    assert "Writing the build's tables again" not in without
    assert "compares with the floor" not in without
    docs = benchmark.render_docs_section([old, new], info, "cmd", 0, "t")
    assert "The build wall minus these two is the part that compares with the floor's computation" in docs
    assert (
        "Writing the build's tables again, 5,000 customers: 47 tables in 14.0 s; slowest "
        "marts.fct_order_lines 5.5 s, staging.stg_orders 3.2 s, marts.fct_orders 2.0 s; peak memory 2.00 GB."
    ) in docs


def test_targets_met_and_missed():
    res = {
        "floor_s": 100.0,
        "full_model_s": 151.0,  # 1.51x: missed
        "full_build_s": 160.0,  # floor + 60: met (boundary)
        "incremental_s": 39.0,  # 24 %: met
        "full_peak": 3.9 * GIB,
        "incremental_peak": 4.1 * GIB,  # the larger peak counts: missed
        "extra_build_s": 192.5,  # +20.3 %: missed
        "parse_extra_s": 29.0,  # met
    }
    verdicts = {target: met for target, _, _, met in benchmark.evaluate_targets(res, 200)}
    assert verdicts == {
        "model execution within 1.5x the floor": False,
        "full build within floor + 60 s": True,
        "daily run (+0.1 % orders) under 25 % of the full build": True,
        "peak memory under 4 GB": False,
        "200 segments add under 20 % to the full build": False,
        "parse with 200 segments under 30 s": True,
    }


def test_write_docs_replaces_only_the_generated_section(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        f"# Benchmarks\n\nhand-written intro\n\n{benchmark.DOCS_BEGIN}\nold\n{benchmark.DOCS_END}\n\nnotes\n"
    )
    benchmark.write_docs(doc, f"{benchmark.DOCS_BEGIN}\nnew table\n{benchmark.DOCS_END}")
    text = doc.read_text()
    assert "hand-written intro" in text
    assert "notes" in text
    assert "new table" in text
    assert "old" not in text
    fresh = tmp_path / "fresh.md"
    benchmark.write_docs(fresh, f"{benchmark.DOCS_BEGIN}\nx\n{benchmark.DOCS_END}")
    assert fresh.read_text().startswith("# Benchmarks")


def test_append_orders_adds_the_fraction_with_their_lines(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    con = duckdb.connect()
    con.execute(
        f"""
        copy (
            select
                'O' || lpad(cast(i as varchar), 6, '0') as order_id,
                case when i % 50 = 0 then null else 'C' || cast(i % 97 as varchar) end as customer_id,
                '2026-06-01 10:00:00' as ordered_at,
                'completed' as status,
                'EUR' as currency,
                case when i = 7 then 'EUR 1' else '10.00' end as order_total,
                '0.00' as discount_total,
                null as offer_code,
                'web' as sales_channel
            from range(2000) as t (i)
        ) to '{src / "orders.parquet"}' (format parquet)
        """
    )
    con.execute(
        f"""
        copy (
            select 'L' || cast(i as varchar) || '_' || cast(j as varchar) as order_line_id,
                'O' || lpad(cast(i as varchar), 6, '0') as order_id, 'SKU-1' as sku, '1' as quantity,
                '10.00' as unit_price
            from range(2000) as t (i), range(2) as u (j)
        ) to '{src / "order_lines.parquet"}' (format parquet)
        """
    )
    con.execute(f"copy (select 'C1' as customer_id) to '{src / 'customers.parquet'}' (format parquet)")
    dst = tmp_path / "dst"
    added = benchmark.append_orders(src, dst, fraction=0.01, new_date="2026-07-01", memory_limit="1GB")
    assert added == 20
    assert (dst / "customers.parquet").is_symlink()
    new = con.execute(f"select * from '{dst / 'orders.parquet'}' where order_id like 'N%'").fetchall()
    assert len(new) == 20
    assert con.execute(f"select count(*) from '{dst / 'orders.parquet'}'").fetchone()[0] == 2020
    # New orders: dated the new day, completed, of known customers, with a valid total.
    assert all(row[2].startswith("2026-07-01 ") and row[3] == "completed" for row in new)
    assert all(row[1] is not None and row[5] != "EUR 1" for row in new)
    new_lines = f"select * from '{dst / 'order_lines.parquet'}' where order_id like 'N%'"
    lines = con.execute(f"select count(*), count(distinct order_id) from ({new_lines})").fetchone()
    assert lines == (40, 20)


def test_report_only_merges_result_files(tmp_path, capsys):
    assert benchmark.main(["--report-only"]) == 2
    runs = []
    for size, build in ((1000, 10.0), (5000, 30.0)):
        path = tmp_path / f"r{size}.json"
        res = {"size": size, "floor_s": 5.0, "floor_peak": GIB, "full_build_s": build, "full_peak": GIB}
        path.write_text(json.dumps({"command": f"run {size}", "started": "t", "results": [res]}))
        runs += ["--include-results", str(path)]
    # A later partial rerun of one size replaces only the figures it measured.
    rerun = tmp_path / "rerun.json"
    rerun.write_text(
        json.dumps({"command": "rerun", "started": "t2", "results": [{"size": 5000, "full_build_s": 20.0}]})
    )
    runs += ["--include-results", str(rerun)]
    docs = tmp_path / "b.md"
    assert benchmark.main(["--report-only", *runs, "--write-docs", "--docs-path", str(docs), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "| 1,000 customers | x floor | 5,000 customers | x floor |" in out
    assert "| 10.0 s | 2.00 | 20.0 s | 4.00 |" in out
    text = docs.read_text()
    assert "`run 1000`" in text
    assert "`run 5000`" in text
    assert "t2: `rerun`" in text
    assert "| full build within floor + 60 s | 5,000 |" in text


@pytest.mark.dbt
def test_smoke_run_measures_every_figure(tmp_path, capsys):
    docs = tmp_path / "benchmarks.md"
    code = benchmark.main(
        [
            "--sizes",
            "2000",
            "--workdir",
            str(tmp_path / "bench"),
            "--segments-extra",
            "0",
            "--skip-parse",
            "--write-docs",
            "--docs-path",
            str(docs),
            "--quiet",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    [res] = json.loads((tmp_path / "bench" / "results.json").read_text())["results"]
    skipped = {"parse_s", "parse_extra_s", "extra_build_s", "extra_model_s"}
    for row in benchmark.ROWS:
        assert row.label.replace("N ", "0 ") in out, row.label
        if row.key in skipped:
            continue
        assert benchmark.figure(res, row.key) > 0, row.key
        r = benchmark.ratio(res, row)
        assert r is None if not row.vs_floor else r > 0, row.key
    # The floor is the same computation: identical metrics and memberships.
    assert res["floor_differences"] == {"customer_order_metrics": 0, "segment_memberships": 0}
    assert res["new_orders"] >= 1
    # History grows only with changes: a run with no new data adds no snapshot rows.
    snaps = res["snapshot_rows"]
    assert snaps["noop"] == snaps["incremental"]
    assert sum(snaps["full"].values()) > 0
    text = docs.read_text()
    assert benchmark.DOCS_BEGIN in text
    assert "2,000 customers" in text
    assert "peak memory under 4 GB" in text


# ---- the floor's fast paths -------------------------------------------------------------------

# The floor before its fast paths (issue 13): the reference its outputs are compared with.
FLOOR_BEFORE_FAST_PATHS = "23c93818691c74fa96a63ad6087cb734ff98d935"

# Texts the fast paths must read exactly as the validating regex paths do (or reject the same way).
TRICKY_TIMESTAMPS = [
    "2026-06-01 10:00:00",
    " 2026-06-01 10:00:00\t",
    "2026-06-01T10:00:00Z",
    "2026-06-01t10:00",
    "2026-06-01 10:00:00+02:00",
    "2026-06-01 23:30:00-0130",
    "2026-06-01 10:00 z",
    "2026-06-01",
    "2026-06-01 10:00:00.123",
    "2026-02-30 10:00:00",
    "2026-06-01 24:00:00",
    "2026-06-01 25:00:00",
    "2026-06-01T10:61",
    "2026-6-1 10:00:00",
    "02026-06-01 10:00:00",
    "2026-06-01 10:00:00 ",
    "31/02/2025 14:00",
    "",
    None,
]
TRICKY_AMOUNTS = [
    "12.50",
    "12.5",
    "1e2",
    "+3.00",
    "-0.00",
    "12.345",
    " 7.10\t",
    "1_000.00",
    ".5",
    "5.",
    "0x10",
    "EUR 1",
    "99999999999999999.00",
    "-3.00",
    "",
    None,
]
TRICKY_QUANTITIES = ["3", "+3", "3.0", "3.00", "03", "2.5", "1_0", " 2 ", "-1", "0", "2147483648", "", None]


def _add_tricky_rows(raw: Path) -> None:
    """Append orders and lines whose texts take every fast and slow path, plus repeated keys
    (exact duplicates that differ only in surrounding spaces, and conflicting versions)."""
    con = duckdb.connect()
    con.execute(
        "create table ts as select unnest(?::varchar[]) as v, generate_subscripts(?::varchar[], 1) as i",
        [TRICKY_TIMESTAMPS, TRICKY_TIMESTAMPS],
    )
    con.execute(
        "create table am as select unnest(?::varchar[]) as v, generate_subscripts(?::varchar[], 1) as i",
        [TRICKY_AMOUNTS, TRICKY_AMOUNTS],
    )
    con.execute(
        "create table qu as select unnest(?::varchar[]) as v, generate_subscripts(?::varchar[], 1) as i",
        [TRICKY_QUANTITIES, TRICKY_QUANTITIES],
    )
    orders, lines = raw / "orders.parquet", raw / "order_lines.parquet"
    con.execute(
        f"""
        create table new_orders as
        select * from '{orders}'
        union all
        select
            'T' || ts.i || '_' || am.i, 'C0000001', ts.v, 'completed', 'EUR', am.v, '0.00', null, 'web',
            '0.00'
        from ts, am
        union all  -- an exact duplicate (after trimming) and a conflicting duplicate
        select * from (values
            ('T1_1', 'C0000001 ', '2026-06-01 10:00:00', 'completed', 'EUR', '12.50', '0.00', null, 'web',
             '0.00'),
            ('T2_1', 'C0000001', '2026-06-01 10:00:00', 'completed', 'EUR', '99.00', '0.00', null, 'web',
             '0.00'))
        """
    )
    con.execute(
        f"""
        create table new_lines as
        select * from '{lines}'
        union all
        select 'LT' || qu.i || '_' || am.i, 'T1_1', 'SKU-10000', qu.v, am.v from qu, am
        union all
        select * from (values
            ('LT1_1', 'T1_1', 'SKU-10000', ' 3', '12.50'),
            ('LT2_1', 'T1_1', 'SKU-10000', '9', '12.50'))
        """
    )
    con.execute(f"copy new_orders to '{orders}' (format parquet)")
    con.execute(f"copy new_lines to '{lines}' (format parquet)")


def test_floor_fast_paths_keep_the_outputs(tmp_path):
    """The floor with its fast paths computes exactly what the floor before them computed, on a
    generated 2,000-customer shop plus rows of tricky texts (0 rows differ, except all both ways)."""
    import subprocess

    repo = SCRIPTS.parent
    before = subprocess.run(
        ["git", "-C", str(repo), "show", f"{FLOOR_BEFORE_FAST_PATHS}:scripts/benchmark_floor.sql"],
        capture_output=True,
        text=True,
        check=False,
    )
    if before.returncode != 0:
        pytest.skip("the floor before its fast paths is not in this clone's git history")
    old_sql = tmp_path / "floor_before.sql"
    old_sql.write_text(before.stdout)
    raw = tmp_path / "raw"
    subprocess.run(
        [
            sys.executable,
            str(SCRIPTS / "generate_demo_data.py"),
            "--customers",
            "2000",
            "--out",
            str(raw),
            "--threads",
            "2",
        ],
        check=True,
        capture_output=True,
    )
    _add_tricky_rows(raw)
    dbs = {}
    for name, sql in (("before", old_sql), ("now", benchmark.FLOOR_SQL)):
        dbs[name] = tmp_path / f"{name}.duckdb"
        benchmark.run_floor_inline(
            raw,
            dbs[name],
            as_of="2026-06-30",
            memory_limit="1GB",
            threads=2,
            rfm_grid=benchmark.REPO / benchmark.RFM_GRID,
            sql_path=sql,
        )
    con = duckdb.connect()
    con.execute("attach ? as a (read_only)", [str(dbs["before"])])
    con.execute("attach ? as b (read_only)", [str(dbs["now"])])
    # Compared on what the floor computed then: metric columns and example segments added since
    # (e.g. issue 17's discount metrics and segments) are only in the newer floor.
    old_columns = ", ".join(
        name
        for (name,) in con.execute(
            "select column_name from (describe a.floor_customer_order_metrics)"
        ).fetchall()
    )
    compared = {
        "floor_customer_order_metrics": ("floor_customer_order_metrics", f"select {old_columns} from"),
        "floor_segment_memberships": ("floor_segment_memberships", "from"),
    }
    old_segments = "segment_name in (select segment_name from a.floor_segment_memberships)"
    for table, (name, select) in compared.items():
        newer = f"{select} b.{name}" + (
            f" where {old_segments}" if table == "floor_segment_memberships" else ""
        )
        differing = con.execute(
            f"select (select count(*) from ({select} a.{name} except all {newer}))"
            f" + (select count(*) from ({newer} except all {select} a.{name}))"
        ).fetchone()[0]
        assert differing == 0, table
        assert con.execute(f"select count(*) from b.{table}").fetchone()[0] >= 2000, table
    # The tricky rows reached the outputs (the test would not notice a fast path otherwise).
    assert (
        con.execute(
            "select orders_count from b.floor_customer_order_metrics where customer_id = 'C0000001'"
        ).fetchone()[0]
        > 20
    )
