#!/usr/bin/env python3
"""Publish the tables BI tools read to a separate DuckDB file, by an atomic swap.

A DuckDB file has one writer: a BI tool holding the warehouse open blocks `dbt build`, and a
build locks the BI tool out. So after a successful build (make build runs this right after
`dbt build`; schedulers call it the same way) every table of the schemas `marts` and `segments`
is copied, under the same schema.table name, into a new file next to the target
(`serving.duckdb.tmp-<pid>`), which is checkpointed, closed, fsynced and renamed over
`serving.duckdb` in one step. Readers keep the old copy until they reconnect; nobody ever sees a
half-written file, and a failed build or publish leaves the last good copy in place.

The warehouse is only read (ATTACH ... READ_ONLY). Views of those schemas are helpers of the
exports and snapshots and are not published. `main.serving_publication` (one row) says when the
copy was made, for which as_of_date and with how many tables.

Exit codes: 0 ok (the serving file's path on stdout), 1 unexpected failure, 2 warehouse or
tables not found, 4 warehouse locked by another process (after --wait). Failures print one line
on stderr. See docs/bi.md.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from segment_exports.errors import ExportError, OneLineParser, UsageError  # noqa: E402
from segment_exports.files import fsync_path  # noqa: E402
from segment_exports.warehouse import retry_while_locked  # noqa: E402

REPO = SCRIPTS.parent
PROG = "publish_serving"
log = logging.getLogger(PROG)

SERVED_SCHEMAS = ("marts", "segments")
SERVING_NAME = "serving.duckdb"
TMP_RE = re.compile(re.escape(SERVING_NAME) + r"\.tmp-(\d+)(\.wal)?")
SOURCE = "warehouse"  # the catalog name the warehouse is attached under
# Views of SERVED_SCHEMAS that are not published. Every other view (the history marts, thin views
# over the membership snapshot) is written into the copy as a table, so BI reads it like any mart.
UNSERVED_VIEWS = {
    ("marts", "customer_export_fields"),  # the exports' text formatting of personal data
    ("marts", "segment_history_build"),  # the one-row input of segment_history_builds_snapshot
}


def default_duckdb_path() -> Path:
    """DUCKDB_PATH, else <repo>/warehouse/shop_segments.duckdb (the dbt profile's default)."""
    env = os.environ.get("DUCKDB_PATH")
    return Path(env) if env else REPO / "warehouse" / "shop_segments.duckdb"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: Path) -> None:
    """Delete serving.duckdb.tmp-<pid> files left by publishes whose process is gone."""
    for entry in folder.iterdir():
        match = TMP_RE.fullmatch(entry.name)
        if match and not _pid_alive(int(match.group(1))):
            log.info("removing %s left by an interrupted publish", entry.name)
            entry.unlink(missing_ok=True)


def _attach_warehouse(con: duckdb.DuckDBPyConnection, warehouse: Path, wait_seconds: float) -> None:
    """ATTACH the warehouse read-only; while a build (or export) holds it, retry up to wait_seconds."""
    retry_while_locked(
        lambda: con.execute(f"attach {_sql_string(str(warehouse))} as {SOURCE} (read_only)"),
        warehouse,
        wait_seconds,
    )


def published_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(schema, name) of every base table and every view but UNSERVED_VIEWS in SERVED_SCHEMAS of the
    attached warehouse; each becomes a table of the copy."""
    placeholders = ", ".join("?" for _ in SERVED_SCHEMAS)
    rows = con.execute(
        "select schema_name, table_name, false from duckdb_tables() "
        f"where database_name = ? and schema_name in ({placeholders}) "
        "union all select schema_name, view_name, true from duckdb_views() "
        f"where database_name = ? and schema_name in ({placeholders}) order by 1, 2",
        [SOURCE, *SERVED_SCHEMAS, SOURCE, *SERVED_SCHEMAS],
    ).fetchall()
    return [(schema, name) for schema, name, view in rows if not view or (schema, name) not in UNSERVED_VIEWS]


def _as_of_date(con: duckdb.DuckDBPyConnection):
    """The build's as_of date (marts.segment_history_build), else the memberships' latest, else null."""
    for sql in (
        f"select max(as_of_date) from {SOURCE}.marts.segment_history_build",
        f"select max(as_of_date) from {SOURCE}.segments.segment_memberships",
    ):
        with contextlib.suppress(duckdb.CatalogException, duckdb.BinderException):
            return con.execute(sql).fetchall()[0][0]
    return None


def _connect_new(path: Path) -> duckdb.DuckDBPyConnection:
    config = {
        "memory_limit": os.environ.get("DUCKDB_MEMORY_LIMIT", "3GB"),
        "threads": os.environ.get("DUCKDB_THREADS", "2"),
        "preserve_insertion_order": "false",
    }
    temp = os.environ.get("DUCKDB_TEMP_DIR")
    if temp:
        config["temp_directory"] = temp
    return duckdb.connect(str(path), config=config)


def publish(warehouse: Path, serving: Path, wait_seconds: float = 0.0) -> list[tuple[str, str]]:
    """Copy the served tables of warehouse into a new file and rename it over serving."""
    if not warehouse.is_file():
        raise UsageError(f"warehouse {warehouse} not found (build it first: make build)")
    folder = serving.parent
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    tmp = folder / f"{serving.name}.tmp-{os.getpid()}"
    tmp_wal = Path(f"{tmp}.wal")
    for stale in (tmp, tmp_wal):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        con = _connect_new(tmp)
        try:
            _attach_warehouse(con, warehouse, wait_seconds)
            tables = published_tables(con)
            if not tables:
                raise UsageError(
                    f"no tables in schemas {', '.join(SERVED_SCHEMAS)} of {warehouse} (build it first)"
                )
            for schema in sorted({schema for schema, _ in tables}):
                con.execute(f"create schema {_quote(schema)}")
            for schema, table in tables:
                name = f"{_quote(schema)}.{_quote(table)}"
                con.execute(f"create table {name} as select * from {SOURCE}.{name}")
                log.info("copied %s.%s", schema, table)
            as_of = _as_of_date(con)
            con.execute(
                "create table main.serving_publication as select "
                "cast(now() at time zone 'UTC' as timestamp) as published_at, "
                "cast(? as date) as as_of_date, cast(? as integer) as table_count",
                [as_of, len(tables)],
            )
            con.execute(f"detach {SOURCE}")
            con.execute("checkpoint")
        finally:
            con.close()
        if tmp_wal.exists():  # everything is checkpointed on close; a WAL here means it was not
            raise ExportError(f"{tmp_wal.name} remained after checkpoint; not published")
        with contextlib.suppress(OSError):
            tmp.chmod(warehouse.stat().st_mode & 0o777)  # readable by whoever may read the warehouse
        fsync_path(tmp)
        stale_wal = Path(f"{serving}.wal")
        if stale_wal.exists():
            # Only a read-write open of the serving file leaves a WAL; DuckDB would refuse to open
            # the new file with it ("WAL does not match database file"). Its changes are discarded.
            log.warning("removing %s: the serving file must only be opened read-only", stale_wal.name)
            stale_wal.unlink()
        os.replace(tmp, serving)
        fsync_path(folder)
    except BaseException:
        for leftover in (tmp, tmp_wal):
            leftover.unlink(missing_ok=True)
        raise
    log.info(
        "published %d table(s) as of %s to %s in %.1fs",
        len(tables),
        as_of,
        serving,
        time.perf_counter() - started,
    )
    return tables


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description=(
            "Copy every table of the schemas marts and segments into a separate DuckDB file for BI "
            "tools (same schema.table names), replacing it atomically. Run after a successful build."
        ),
        epilog=(
            "Exit codes: 0 ok, 1 unexpected failure, 2 warehouse or tables not found, 4 warehouse "
            "locked. Details: docs/bi.md."
        ),
    )
    parser.add_argument(
        "--duckdb-path",
        type=Path,
        metavar="PATH",
        help="the warehouse to read (default: $DUCKDB_PATH, else <repo>/warehouse/shop_segments.duckdb)",
    )
    parser.add_argument(
        "--serving-path",
        type=Path,
        metavar="PATH",
        help=f"the file BI tools open (default: {SERVING_NAME} next to the warehouse)",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="when another process holds the warehouse, retry for up to SECONDS (default 0)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log each copied table and the timing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format=f"{PROG}: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    warehouse = (args.duckdb_path or default_duckdb_path()).absolute()
    serving = (args.serving_path or warehouse.parent / SERVING_NAME).absolute()
    try:
        publish(warehouse, serving, args.wait)
    except ExportError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # one line for the scheduler; no traceback
        print(
            f"{PROG}: error: unexpected {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}",
            file=sys.stderr,
        )
        return 1
    print(serving)
    return 0


if __name__ == "__main__":
    sys.exit(main())
