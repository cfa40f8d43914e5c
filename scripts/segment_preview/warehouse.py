"""Evaluate previews against the built DuckDB warehouse, read-only.

The SQL is the segment_memberships model itself (models/segments/segment_memberships.sql),
rendered by jinja_env with the previewed segments passed in through the var the model's unit
tests use (segment_definitions_override) and the warehouse's as_of date: the same import CTEs,
the same macros, so a preview evaluates exactly what the build would. The connection is
read-only and open only while the tables are looked up and while the queries run, not while rendering.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from segment_preview.definitions import PreviewTarget
from segment_preview.errors import MissingColumn, PreviewError, WarehouseLocked, WarehouseNotBuilt
from segment_preview.jinja_env import DbtJinja

MODEL = Path("models") / "segments" / "segment_memberships.sql"
# Where the as_of date of the build is stored (first table found with a value wins): every
# segment has a segment_summary row; segment_memberships has one per member.
AS_OF_SOURCES = ("segment_summary", "segment_memberships")
MEMBERSHIPS = "segment_memberships"
CUSTOMERS = "dim_customers"
OVERLAP_TOP = 10
_LOCK_PID = re.compile(r"\(PID (\d+)\)")
_IMPORT_CTE = re.compile(r"(\w+) as \(\s*(?:--[^\n]*)?\s*select \* from \{\{ ref\('(\w+)'\) \}\}")
_REF = re.compile(r"ref\('(\w+)'\)")
_MISSING_COLUMN = re.compile(r'column "?(\w+)"? not found', re.IGNORECASE)


def default_duckdb_path(repo: Path) -> Path:
    """DUCKDB_PATH, else <repo>/warehouse/shop_segments.duckdb (the dbt profile's default)."""
    env = os.environ.get("DUCKDB_PATH")
    return Path(env) if env else repo / "warehouse" / "shop_segments.duckdb"


@contextmanager
def connect(path: Path, wait_seconds: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse opened read-only; while a writer holds it, retry until wait_seconds pass."""
    if not path.is_file():
        raise WarehouseNotBuilt(f"warehouse {path} not found (build it first: make build)")
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    while True:
        try:
            con = duckdb.connect(str(path), read_only=True)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise WarehouseNotBuilt(f"warehouse {path} cannot be opened: {_first_line(exc)}") from None
            if time.monotonic() >= deadline:
                match = _LOCK_PID.search(str(exc))
                holder = f"process {match.group(1)}" if match else "another process"
                waited = f" after waiting {wait_seconds:g}s" if wait_seconds > 0 else ""
                raise WarehouseLocked(
                    f"warehouse {path} is locked by {holder} (a dbt build or an export){waited}; "
                    "retry when it is done or pass --wait SECONDS"
                ) from None
            time.sleep(min(0.5, max(deadline - time.monotonic(), 0.0)))
        except duckdb.Error as exc:
            raise WarehouseNotBuilt(f"warehouse {path} cannot be opened: {_first_line(exc)}") from None
    try:
        yield con
    finally:
        con.close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:300]


def model_imports(project_dir: Path) -> dict[str, str]:
    """Import CTE -> model it selects from, read from the segment_memberships model."""
    imports = dict(_IMPORT_CTE.findall((project_dir / MODEL).read_text(encoding="utf-8")))
    if "customers" not in imports:
        raise PreviewError(f"cannot find the import CTEs of {MODEL} (customers as (select * from ref(...)))")
    return imports


@dataclass
class Preview:
    """What a preview found for one segment (customer ids only, never other customer data)."""

    name: str
    members: int
    share_of_customers: float | None
    overlap: list[dict[str, Any]]
    sample_customer_ids: list[str]
    customer_ids: list[str] | None = None
    query_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        out = {
            "name": self.name,
            "members": self.members,
            "share_of_customers": self.share_of_customers,
            "overlap": self.overlap,
            "sample_customer_ids": self.sample_customer_ids,
            "query_seconds": round(self.query_seconds, 3),
        }
        if self.customer_ids is not None:
            out["customer_ids"] = self.customer_ids
        return out


@dataclass
class PreviewRun:
    warehouse: str
    as_of_date: str
    customers_total: int
    previews: list[Preview] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "warehouse": self.warehouse,
            "as_of_date": self.as_of_date,
            "customers_total": self.customers_total,
            "previews": [p.as_dict() for p in self.previews],
        }


@dataclass
class WarehouseInfo:
    """What rendering needs from the warehouse, read in one short read-only visit."""

    database: str
    schemas: dict[str, str]  # table -> schema
    columns: dict[str, set[str]]  # table the model reads -> its columns
    as_of_date: str
    customers_total: int

    def relation(self, model: str) -> str:
        """The relation as dbt-duckdb renders ref(model): "<catalog>"."<schema>"."<table>"."""
        if model not in self.schemas:
            raise WarehouseNotBuilt(
                f"the warehouse has no table {model} (not built yet: run dbt build; make build for the demo)"
            )
        return f'"{self.database}"."{self.schemas[model]}"."{model}"'


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def read_info(con: duckdb.DuckDBPyConnection, project_dir: Path) -> WarehouseInfo:
    """Catalog, schemas, the columns of every table segment_memberships reads, as_of, customers."""
    model_text = (project_dir / MODEL).read_text(encoding="utf-8")
    (database,) = con.execute("select current_database()").fetchone()
    schemas: dict[str, str] = {}
    for schema, table in con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = ? order by table_schema",
        [database],
    ).fetchall():
        schemas.setdefault(table, schema)
    info = WarehouseInfo(database, schemas, {}, "", 0)
    for model in sorted(set(_REF.findall(model_text))):
        info.relation(model)  # every table the model reads is built (else exit 3, naming it)
        info.columns[model] = {
            name.lower()
            for (name,) in con.execute(
                "select column_name from information_schema.columns "
                "where table_catalog = ? and table_schema = ? and table_name = ?",
                [database, schemas[model], model],
            ).fetchall()
        }
    for model in (m for m in AS_OF_SOURCES if m in schemas):
        value = _scalar(con, f"select max(as_of_date) from {info.relation(model)}")
        if isinstance(value, dt.date):
            info.as_of_date = value.isoformat()
            break
    else:
        raise WarehouseNotBuilt(
            f"the warehouse has no as_of date ({' and '.join(AS_OF_SOURCES)} missing or empty): "
            "run dbt build first"
        )
    info.customers_total = _scalar(con, f"select count(*) from {info.relation(CUSTOMERS)}")
    return info


class Renderer:
    """Renders previews as dbt would compile segment_memberships for them (no connection)."""

    def __init__(self, project_dir: Path, info: WarehouseInfo) -> None:
        self.info = info
        self.model_text = (project_dir / MODEL).read_text(encoding="utf-8")
        self.imports = model_imports(project_dir)
        self.env = DbtJinja(project_dir, {"as_of_date": info.as_of_date}, info.relation)

    def check_columns(self, target: PreviewTarget) -> None:
        """Refuse a definition that reads a column the built tables lack (exit 5), naming it."""
        text = json.dumps([seg["condition"] for seg in target.rendered])
        for cte, model in self.imports.items():
            used = set(re.findall(rf"\b{cte}\.([a-z_][a-z0-9_]*)", text))
            missing = sorted(used - self.info.columns.get(model, set()))
            if missing:
                raise MissingColumn(
                    f"segment '{target.name}' reads column {', '.join(missing)} of {model}, which the "
                    f"warehouse (built before the column existed?) does not have: rebuild with "
                    f"dbt build -s {model}+"
                )

    def render(self, target: PreviewTarget) -> str:
        """The segment_memberships model's SQL for the target's segments (checked columns first)."""
        self.check_columns(target)
        self.env.variables["segment_definitions_override"] = target.rendered
        return self.env.render(self.model_text)


def evaluate(
    con: duckdb.DuckDBPyConnection,
    info: WarehouseInfo,
    target: PreviewTarget,
    sql: str,
    sample: int,
    all_ids: bool,
) -> Preview:
    """Run one rendered preview: its member ids, then their overlap with the built segments."""
    started = time.perf_counter()
    try:
        ids = [
            row[0]
            for row in con.execute(
                f"select customer_id from (\n{sql}\n) as preview_memberships "
                "where segment_name = ? order by customer_id",
                [target.name],
            ).fetchall()
        ]
    except duckdb.BinderException as exc:
        match = _MISSING_COLUMN.search(str(exc))
        if match:
            raise MissingColumn(
                f"segment '{target.name}' reads column {match.group(1)}, which the warehouse does "
                "not have (built before the column existed?): rebuild with dbt build"
            ) from None
        raise
    members = len(ids)
    return Preview(
        name=target.name,
        members=members,
        share_of_customers=members / info.customers_total if info.customers_total else None,
        overlap=overlap(con, info, ids),
        sample_customer_ids=ids[:sample],
        customer_ids=ids if all_ids else None,
        query_seconds=time.perf_counter() - started,
    )


def overlap(con: duckdb.DuckDBPyConnection, info: WarehouseInfo, ids: list[str]) -> list[dict[str, Any]]:
    """The built segments sharing members with the previewed set, closest first (Jaccard index)."""
    if MEMBERSHIPS not in info.schemas:
        return []
    rows = con.execute(
        f"""
        with preview as (
            select distinct unnest(cast(? as varchar[])) as customer_id
        ),
        memberships as (
            select segment_name, customer_id from {info.relation(MEMBERSHIPS)}
        ),
        sizes as (
            select segment_name, count(*) as size
            from memberships
            group by segment_name
        ),
        shared as (
            select memberships.segment_name, count(*) as shared
            from memberships
            inner join preview on memberships.customer_id = preview.customer_id
            group by memberships.segment_name
        )
        select
            sizes.segment_name,
            shared.shared,
            sizes.size,
            shared.shared / nullif(? + sizes.size - shared.shared, 0) as jaccard
        from sizes
        inner join shared on sizes.segment_name = shared.segment_name
        order by jaccard desc, shared.shared desc, sizes.segment_name
        limit {OVERLAP_TOP}
        """,
        [ids, len(ids)],
    ).fetchall()
    return [
        {"segment": name, "shared": shared, "size": size, "jaccard": round(jaccard or 0.0, 4)}
        for name, shared, size, jaccard in rows
    ]


def run_previews(
    path: Path,
    project_dir: Path,
    targets: list[PreviewTarget],
    sample: int = 10,
    all_ids: bool = False,
    wait_seconds: float = 0.0,
) -> PreviewRun:
    """Read what rendering needs (read-only), render every target with no connection open, then
    open the warehouse read-only again only for the queries: a build that starts meanwhile is
    kept waiting for the queries, not for the Python work."""
    with connect(path, wait_seconds) as con:
        info = read_info(con, project_dir)
    renderer = Renderer(project_dir, info)
    rendered = [(target, renderer.render(target)) for target in targets]
    run = PreviewRun(str(path), info.as_of_date, info.customers_total)
    with connect(path, wait_seconds) as con:
        for target, sql in rendered:
            run.previews.append(evaluate(con, info, target, sql, max(sample, 0), all_ids))
    return run
