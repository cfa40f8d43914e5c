"""scripts/publish_serving.py: the BI copy of the marts and segment tables, swapped in atomically.

Fast tests on a hand-made warehouse; one dbt test runs two real builds (as_of 2026-06-29, then
2026-06-30), each followed by a publish, while another process holds the serving file open
read-only."""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import publish_serving
import pytest

SCRIPT = Path(publish_serving.__file__)
READER = textwrap.dedent(
    """
    import sys, duckdb
    path, sql = sys.argv[1], sys.argv[2]
    con = duckdb.connect(path, read_only=True)
    print(con.execute(sql).fetchall()[0][0], flush=True)
    sys.stdin.readline()                      # the test publishes a new copy meanwhile
    print(con.execute(sql).fetchall()[0][0], flush=True)  # the same connection: still the old copy
    con.close()
    con = duckdb.connect(path, read_only=True)
    print(con.execute(sql).fetchall()[0][0], flush=True)  # reopened: the new copy
    """
)


@contextlib.contextmanager
def bi_reader(serving: Path, sql: str) -> Iterator[subprocess.Popen]:
    """A process running READER on the serving file: read its lines from .stdout; a newline on
    .stdin makes it read again on its open connection and then on a reopened one."""
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(serving), sql],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield reader
    finally:
        reader.stdin.close()
        assert reader.wait(60) == 0


def reopen(reader: subprocess.Popen) -> None:
    """Tell a bi_reader the publish is done."""
    reader.stdin.write("\n")
    reader.stdin.flush()


def make_warehouse(path: Path, as_of: str, members: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists marts")
        con.execute("create schema if not exists segments")
        con.execute("create schema if not exists staging")
        con.execute(
            "create or replace table marts.dim_customers as select 'c' || range as customer_id, "
            "cast(range * 1.5 as decimal(18, 2)) as lifetime_revenue, ['vip', 'O''Brien'] as tags "
            f"from range({members})"
        )
        con.execute(
            "create or replace table segments.segment_memberships as select 'vip' as segment_name, "
            f"customer_id, date '{as_of}' as as_of_date from marts.dim_customers"
        )
        con.execute(
            f"create or replace view marts.segment_history_build as select date '{as_of}' as as_of_date"
        )
        con.execute(
            "create or replace view marts.customer_export_fields as select * from marts.dim_customers"
        )
        con.execute(
            "create or replace view marts.segment_membership_history as "
            "select segment_name, customer_id, true as is_current from segments.segment_memberships"
        )
        con.execute("create or replace table staging.stg_shop__customers as select 1 as x")
        con.execute("create or replace view staging.stg_shop__customer_tags as select 1 as x")
        con.execute('create or replace table marts."odd ""name""" as select 1 as x')


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_copies_every_table_of_marts_and_segments_under_the_same_name(tmp_path):
    wh, serving = tmp_path / "wh.duckdb", tmp_path / "serving.duckdb"
    make_warehouse(wh, "2026-06-30", 5)
    proc = run("--duckdb-path", str(wh))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(serving)  # default: next to the warehouse
    with duckdb.connect(str(serving), read_only=True) as con:
        tables = con.execute("select schema_name, table_name from duckdb_tables() order by 1, 2").fetchall()
        assert tables == [
            ("main", "serving_publication"),
            ("marts", "dim_customers"),
            ("marts", 'odd "name"'),
            ("marts", "segment_membership_history"),
            ("segments", "segment_memberships"),
        ]  # a view of a served schema becomes a table (not the two unserved ones); other schemas are not
        assert con.execute("select count(*) from duckdb_views() where not internal").fetchall()[0] == (0,)
        history = con.execute("select count(*), bool_and(is_current) from marts.segment_membership_history")
        assert history.fetchall()[0] == (5, True)
        assert con.execute("select count(*) from marts.dim_customers").fetchall()[0] == (5,)
        types = con.sql("select column_name, column_type from (describe marts.dim_customers)").fetchall()
        assert types == [
            ("customer_id", "VARCHAR"),
            ("lifetime_revenue", "DECIMAL(18,2)"),
            ("tags", "VARCHAR[]"),
        ]
        assert con.execute("select tags from marts.dim_customers limit 1").fetchall()[0] == (
            ["vip", "O'Brien"],
        )
        assert con.execute("select as_of_date::text, table_count from serving_publication").fetchall()[0] == (
            "2026-06-30",
            4,
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["serving.duckdb", "wh.duckdb"]  # no temporaries


def test_reader_keeps_the_old_copy_until_it_reopens(tmp_path):
    wh, serving = tmp_path / "wh.duckdb", tmp_path / "bi" / "serving.duckdb"
    make_warehouse(wh, "2026-06-29", 3)
    assert run("--duckdb-path", str(wh), "--serving-path", str(serving)).returncode == 0
    sql = "select max(as_of_date)::text || ' ' || count(*) from segments.segment_memberships"
    with bi_reader(serving, sql) as reader:
        assert reader.stdout.readline().strip() == "2026-06-29 3"
        make_warehouse(wh, "2026-06-30", 4)  # "the next build"
        proc = run("--duckdb-path", str(wh), "--serving-path", str(serving))
        assert proc.returncode == 0, proc.stderr  # a reader holding the file does not block the publish
        reopen(reader)
        assert reader.stdout.readline().strip() == "2026-06-29 3"  # never a half-built state
        assert reader.stdout.readline().strip() == "2026-06-30 4"


def test_failed_publish_leaves_the_last_good_copy(tmp_path):
    wh, serving = tmp_path / "wh.duckdb", tmp_path / "serving.duckdb"
    make_warehouse(wh, "2026-06-29", 3)
    assert run("--duckdb-path", str(wh)).returncode == 0
    good = sha(serving)

    # A build holds the warehouse (one writer): the publish fails at once with exit 4.
    hold = (
        f"import duckdb, sys; c = duckdb.connect({str(wh)!r}); print('ok', flush=True); sys.stdin.readline()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", hold], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        locked = run("--duckdb-path", str(wh))
        assert locked.returncode == 4
        assert locked.stderr.count("\n") == 1
        assert "is locked by process" in locked.stderr
    finally:
        holder.stdin.close()
        holder.wait(60)
    assert sha(serving) == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["serving.duckdb", "wh.duckdb"]

    # A warehouse without the served schemas (e.g. a build that failed early) publishes nothing.
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    nothing = run("--duckdb-path", str(empty), "--serving-path", str(serving))
    assert nothing.returncode == 2
    assert "no tables in schemas marts, segments" in nothing.stderr
    assert sha(serving) == good

    missing = run("--duckdb-path", str(tmp_path / "nope.duckdb"), "--serving-path", str(serving))
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1
    assert "not found" in missing.stderr
    assert sha(serving) == good
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_leftovers_of_interrupted_publishes_are_cleaned(tmp_path):
    wh, serving = tmp_path / "wh.duckdb", tmp_path / "serving.duckdb"
    make_warehouse(wh, "2026-06-29", 3)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f"serving.duckdb.tmp-{dead_pid}"
    stale.write_bytes(b"half a file")
    alive = tmp_path / f"serving.duckdb.tmp-{os.getpid()}"  # a publish still running: left alone
    alive.write_bytes(b"in progress")
    # A WAL left by someone who opened the serving file read-write would not match the new file.
    (tmp_path / "serving.duckdb.wal").write_bytes(b"stale")
    proc = run("--duckdb-path", str(wh))
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists()
    assert alive.exists()
    assert not (tmp_path / "serving.duckdb.wal").exists()
    assert "must only be opened read-only" in proc.stderr
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_customers").fetchall()[0] == (3,)


@pytest.mark.dbt
def test_build_and_publish_while_a_bi_reader_holds_the_serving_file(dbt_project):
    """make build's sequence (dbt build, then publish) twice, a reader holding serving.duckdb."""
    serving = dbt_project.workdir / "serving.duckdb"
    build = ["build", "--exclude-resource-type", "unit_test"]
    dbt_project.run(build, vars={"as_of_date": "2026-06-29"})
    assert run(env=dbt_project.env).returncode == 0  # DUCKDB_PATH from the environment, as make build
    sql = "select max(as_of_date)::text from segments.segment_memberships"
    with bi_reader(serving, sql) as reader:
        assert reader.stdout.readline().strip() == "2026-06-29"
        dbt_project.run(build, vars={"as_of_date": "2026-06-30"})  # raises if the build failed
        proc = run(env=dbt_project.env)
        assert proc.returncode == 0, proc.stderr
        reopen(reader)
        assert reader.stdout.readline().strip() == "2026-06-29"
        assert reader.stdout.readline().strip() == "2026-06-30"
    warehouse_tables = dbt_project.query(
        "select schema_name, table_name from duckdb_tables() where schema_name in ('marts', 'segments') "
        "union all select schema_name, view_name from duckdb_views() "
        "where schema_name in ('marts', 'segments') "
        "and view_name not in ('customer_export_fields', 'segment_history_build') order by 1, 2"
    )
    with duckdb.connect(str(serving), read_only=True) as con:
        published = con.sql(
            "select schema_name, table_name from duckdb_tables() where schema_name <> 'main' order by 1, 2"
        ).fetchall()
        assert published == warehouse_tables
        assert ("marts", "segment_membership_history") in published  # a view in the warehouse
        assert ("marts", "dim_customers") in published
        counts = {t: con.execute(f"select count(*) from {t[0]}.{t[1]}").fetchall()[0][0] for t in published}
    assert counts == {t: dbt_project.query(f"select count(*) from {t[0]}.{t[1]}")[0][0] for t in published}
