"""DuckDB access for exports: lock-aware connect, append-only snapshot tables, freeze and read.

The warehouse tables written here (schema `exports`) are created with CREATE ... IF NOT EXISTS
and only ever INSERTed into, never updated or deleted:

- export_snapshots: one row per (snapshot_id, segment_name) with the segment's as_of date,
  definition hash, consent rule, counts and the rendering rules its files are written with
  (formats.RULES; null in rows written before the column existed = rules 1), and for a
  snapshot taken with --changes has_changes = true and base_snapshot_id, the segment's previous
  change snapshot its added/removed files are computed against (null for its first one);
- export_snapshot_members: one row per frozen member with every export field as text, copied
  unchanged from the dbt model marts.customer_export_fields (which formats them);
- export_snapshot_holdout_members: for a segment with a holdout, one row per frozen member
  (consent applied) with its group (treatment / control, from segments.segment_holdout_assignments).
  Only treatment members go into export_snapshot_members and the files. docs/measurement.md.

All DDL of these tables is DDL below; the members table's columns are MEMBER_FIELDS.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import duckdb

from segment_exports.errors import LockedError, UsageError
from segment_exports.formats import CURRENT_RULES

log = logging.getLogger("export_segments")

# Frozen member fields, in table order, all stored as text (None = missing in the warehouse): the
# columns of marts.customer_export_fields (models/marts/exports/), read as they are.
MEMBER_FIELDS: tuple[str, ...] = (
    "customer_id",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "country_code",
    "region",
    "city",
    "postal_code",
    "registered_date",
    "accepts_marketing",
    "tags",
    "lifetime_revenue",
)
MEMBERSHIPS = ("segments", "segment_memberships")
DEFINITIONS = ("segments", "segment_definitions")
HOLDOUT_ASSIGNMENTS = ("segments", "segment_holdout_assignments")
EXPORT_FIELDS = ("marts", "customer_export_fields")

DDL = (
    "create schema if not exists exports",
    """
    create table if not exists exports.export_snapshots (
        snapshot_id varchar not null,
        segment_name varchar not null,
        as_of_date date,
        created_at timestamp not null,
        definition_hash varchar,
        requires_consent boolean not null,
        member_count bigint not null,
        excluded_without_consent bigint not null,
        row_count bigint not null,
        rendering_rules integer,
        has_changes boolean,
        base_snapshot_id varchar,
        primary key (snapshot_id, segment_name)
    )
    """,
    # Tables created before rendering_rules existed get the column; their rows stay null (= 1).
    "alter table exports.export_snapshots add column if not exists rendering_rules integer",
    # Tables created before change exports get these; their rows stay null (= no change files).
    "alter table exports.export_snapshots add column if not exists has_changes boolean",
    "alter table exports.export_snapshots add column if not exists base_snapshot_id varchar",
    "create table if not exists exports.export_snapshot_members (snapshot_id varchar not null, "
    "segment_name varchar not null, customer_id varchar not null, "
    + "".join(f"{field} varchar, " for field in MEMBER_FIELDS if field != "customer_id")
    + "primary key (snapshot_id, segment_name, customer_id))",
    # Holdouts and campaign cost (docs/measurement.md): null in rows without a holdout / cost.
    "alter table exports.export_snapshots add column if not exists holdout_share double",
    "alter table exports.export_snapshots add column if not exists holdout_salt varchar",
    "alter table exports.export_snapshots add column if not exists treatment_count bigint",
    "alter table exports.export_snapshots add column if not exists control_count bigint",
    "alter table exports.export_snapshots add column if not exists campaign_cost decimal(18, 2)",
    """
    create table if not exists exports.export_snapshot_holdout_members (
        snapshot_id varchar not null,
        segment_name varchar not null,
        customer_id varchar not null,
        holdout_group varchar not null,
        primary key (snapshot_id, segment_name, customer_id)
    )
    """,
)
_LOCK_PID = re.compile(r"\(PID (\d+)\)")
T = TypeVar("T")


def retry_while_locked(open_fn: Callable[[], T], path: Path, wait_seconds: float = 0.0) -> T:
    """Call open_fn (which opens or attaches the DuckDB file at path); while another process holds
    the file, retry about once a second until wait_seconds have passed, then raise LockedError."""
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    while True:
        try:
            return open_fn()
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                match = _LOCK_PID.search(str(exc))
                holder = f"process {match.group(1)}" if match else "another process"
                waited = f" after waiting {wait_seconds:g}s" if wait_seconds > 0 else ""
                raise LockedError(
                    f"warehouse {path} is locked by {holder}{waited}; retry later or pass --wait SECONDS"
                ) from None
            log.info("warehouse is locked by another process; retrying (%.0fs left)", remaining)
            time.sleep(min(1.0, remaining))


def connect(path: Path, *, read_only: bool, wait_seconds: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; while another process holds it, retry until wait_seconds have passed."""
    if not path.is_file():
        raise UsageError(f"warehouse {path} not found (build it first: make build)")
    return retry_while_locked(lambda: duckdb.connect(str(path), read_only=read_only), path, wait_seconds)


def _relation_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> dict[str, str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    return {name.lower(): data_type for name, data_type in rows}


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the append-only export tables when they do not exist yet."""
    for statement in DDL:
        con.execute(statement)


@dataclass(frozen=True)
class SegmentInfo:
    """What the warehouse says about one segment right now."""

    name: str
    definition_hash: str | None
    requires_consent: bool
    holdout_share: float | None = None
    holdout_salt: str | None = None


def current_segments(con: duckdb.DuckDBPyConnection) -> dict[str, SegmentInfo]:
    """Every segment known to the warehouse: its definition (when present) and consent rule.

    requires_consent defaults to true: when the definitions table, the column or the value is
    missing, the segment exports only customers who accept marketing.
    """
    if not _relation_columns(con, *MEMBERSHIPS):
        raise UsageError("table segments.segment_memberships not found in the warehouse (run the dbt build)")
    segments: dict[str, SegmentInfo] = {}
    definition_columns = _relation_columns(con, *DEFINITIONS)
    if definition_columns:
        hash_expr = "cast(definition_hash as varchar)" if "definition_hash" in definition_columns else "null"
        consent_expr = "requires_consent" if "requires_consent" in definition_columns else "null"
        share_expr = "holdout_share" if "holdout_share" in definition_columns else "null"
        salt_expr = "holdout_salt" if "holdout_salt" in definition_columns else "null"
        for name, definition_hash, requires_consent, share, salt in con.execute(
            f"select segment_name, {hash_expr}, {consent_expr}, {share_expr}, {salt_expr} "
            "from segments.segment_definitions"
        ).fetchall():
            segments[name] = SegmentInfo(name, definition_hash, requires_consent is not False, share, salt)
    else:
        log.warning("table segments.segment_definitions not found: no definition hashes, consent required")
    for (name,) in con.execute("select distinct segment_name from segments.segment_memberships").fetchall():
        if name not in segments:
            segments[name] = SegmentInfo(name, None, True)
    return segments


def _member_select(field_columns: dict[str, str]) -> str:
    """Select list of the frozen fields: the export model's columns as they are (f), the member's id (m)."""
    missing = [f for f in MEMBER_FIELDS if f not in field_columns]
    if missing:
        raise UsageError(f"marts.customer_export_fields lacks export column(s): {', '.join(missing)}")
    return ",\n".join(
        "m.customer_id as customer_id" if field == "customer_id" else f"f.{field} as {field}"
        for field in MEMBER_FIELDS
    )


def _new_snapshot_id(con: duckdb.DuckDBPyConnection, now: dt.datetime) -> str:
    """UTC timestamp id (20261124T101500Z); '-2', '-3', ... when taken again in the same second."""
    base = now.strftime("%Y%m%dT%H%M%SZ")
    taken = {
        row[0]
        for row in con.execute(
            "select distinct snapshot_id from exports.export_snapshots where snapshot_id = ? "
            "or snapshot_id like ?",
            [base, base + "-%"],
        ).fetchall()
    }
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@dataclass(frozen=True)
class SnapshotSegment:
    """One segment of a frozen snapshot (a row of exports.export_snapshots)."""

    snapshot_id: str
    segment_name: str
    as_of_date: dt.date | None
    created_at: dt.datetime
    definition_hash: str | None
    requires_consent: bool
    member_count: int
    excluded_without_consent: int
    row_count: int
    rendering_rules: int
    has_changes: bool = False
    base_snapshot_id: str | None = None
    holdout_share: float | None = None
    treatment_count: int | None = None
    control_count: int | None = None
    campaign_cost: Decimal | None = None


def take_snapshot(
    con: duckdb.DuckDBPyConnection,
    segment_names: Sequence[str],
    segments: dict[str, SegmentInfo],
    now: dt.datetime | None = None,
    bases: dict[str, str | None] | None = None,
    campaign_cost: Decimal | None = None,
) -> str:
    """Freeze the current members of segment_names (consent applied) in one transaction; the new id.

    bases (given for a change export): segment -> the base snapshot id its change files are
    computed against (None = its first change snapshot), stored with has_changes = true.

    For a segment with a holdout, consent applies first, then the holdout: every remaining member's
    group is frozen in export_snapshot_holdout_members and only treatment members are frozen in
    export_snapshot_members (the list that is sent). campaign_cost is stored on every row.
    """
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(tzinfo=None)
    field_columns = _relation_columns(con, *EXPORT_FIELDS)
    if not field_columns:
        raise UsageError("view marts.customer_export_fields not found in the warehouse (run the dbt build)")
    select_list = _member_select(field_columns)
    names = list(segment_names)
    consent_names = [name for name in names if segments[name].requires_consent]
    holdout_names = [name for name in names if segments[name].holdout_share is not None]
    if holdout_names and not _relation_columns(con, *HOLDOUT_ASSIGNMENTS):
        raise UsageError(
            "table segments.segment_holdout_assignments not found, but segment(s) "
            f"{', '.join(holdout_names)} have a holdout (run the dbt build)"
        )
    holdout_join = (
        "left join segments.segment_holdout_assignments as h on h.segment_name = m.segment_name "
        "and h.customer_id = m.customer_id and list_contains(?, m.segment_name)"
        if holdout_names
        else "left join (select null as holdout_group) as h on false"
    )
    ensure_tables(con)
    con.execute("begin transaction")
    try:
        snapshot_id = _new_snapshot_id(con, now)
        con.execute(
            f"""
            create temporary table _export_candidates as
            select
                m.segment_name as segment_name,
                coalesce(f.accepts_marketing = 'true', false) as has_consent,
                f.customer_id is not null as has_customer,
                cast(h.holdout_group as varchar) as holdout_group,
                {select_list}
            from (
                select distinct segment_name, cast(customer_id as varchar) as customer_id
                from segments.segment_memberships
                where list_contains(?, segment_name)
            ) as m
            left join marts.customer_export_fields as f
                on f.customer_id = m.customer_id
            {holdout_join}
            """,
            [names, holdout_names] if holdout_names else [names],
        )
        # Consent first: an eligible member is sent (treatment) or held out (control).
        con.execute(
            "create temporary table _export_eligible as select *, "
            "(has_consent or not list_contains(?, segment_name)) as is_eligible from _export_candidates",
            [consent_names],
        )
        if holdout_names:
            (unassigned,) = con.execute(
                "select count(*) from _export_eligible where is_eligible and holdout_group is null "
                "and list_contains(?, segment_name)",
                [holdout_names],
            ).fetchone()
            if unassigned:
                raise UsageError(
                    f"{unassigned} member(s) of a holdout segment have no group in "
                    "segments.segment_holdout_assignments (rebuild: dbt build)"
                )
            con.execute(
                "insert into exports.export_snapshot_holdout_members "
                "select ?, segment_name, customer_id, holdout_group from _export_eligible "
                "where is_eligible and list_contains(?, segment_name)",
                [snapshot_id, holdout_names],
            )
        con.execute(
            f"""
            insert into exports.export_snapshot_members
            select ?, segment_name, {", ".join(MEMBER_FIELDS)}
            from _export_eligible
            where is_eligible and (holdout_group is null or holdout_group = 'treatment')
            """,
            [snapshot_id],
        )
        (orphans,) = con.execute("select count(*) from _export_candidates where not has_customer").fetchone()
        if orphans:
            log.warning(
                "%d membership(s) of a customer missing from marts.customer_export_fields: frozen with "
                "empty fields (and without consent)",
                orphans,
            )
        counts = dict.fromkeys(names, (0, 0))
        for name, members, consenting in con.execute(
            "select segment_name, count(*), count(*) filter (where has_consent) "
            "from _export_candidates group by segment_name"
        ).fetchall():
            counts[name] = (members, consenting)
        as_of_by_segment = dict(
            con.execute(
                "select segment_name, max(as_of_date) from segments.segment_memberships "
                "where list_contains(?, segment_name) group by segment_name",
                [names],
            ).fetchall()
        )
        overall_as_of = con.execute("select max(as_of_date) from segments.segment_memberships").fetchone()[0]
        groups = {
            (name, group): count
            for name, group, count in con.execute(
                "select segment_name, holdout_group, count(*) from _export_eligible "
                "where is_eligible and holdout_group is not null group by all"
            ).fetchall()
        }
        for name in names:
            members, consenting = counts[name]
            requires = segments[name].requires_consent
            eligible = consenting if requires else members
            holdout = segments[name].holdout_share
            treatment = groups.get((name, "treatment"), 0) if holdout is not None else None
            control = groups.get((name, "control"), 0) if holdout is not None else None
            con.execute(
                "insert into exports.export_snapshots (snapshot_id, segment_name, as_of_date, created_at, "
                "definition_hash, requires_consent, member_count, excluded_without_consent, row_count, "
                "rendering_rules, has_changes, base_snapshot_id, holdout_share, holdout_salt, "
                "treatment_count, control_count, campaign_cost) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    snapshot_id,
                    name,
                    as_of_by_segment.get(name, overall_as_of),
                    now,
                    segments[name].definition_hash,
                    requires,
                    members,
                    members - eligible,
                    treatment if holdout is not None else eligible,
                    CURRENT_RULES,
                    bases is not None,
                    None if bases is None else bases[name],
                    holdout,
                    segments[name].holdout_salt if holdout is not None else None,
                    treatment,
                    control,
                    campaign_cost,
                ],
            )
        con.execute("drop table _export_eligible")
        con.execute("drop table _export_candidates")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return snapshot_id


def snapshot_segments(con: duckdb.DuckDBPyConnection, snapshot_id: str) -> list[SnapshotSegment]:
    """The segments of a frozen snapshot, by name; empty when the id does not exist."""
    columns = _relation_columns(con, "exports", "export_snapshots")
    if not columns:
        return []
    rules = "coalesce(rendering_rules, 1)" if "rendering_rules" in columns else "1"
    has_changes = "coalesce(has_changes, false)" if "has_changes" in columns else "false"
    base = "base_snapshot_id" if "base_snapshot_id" in columns else "null"
    holdout = ", ".join(
        column if column in columns else "null"
        for column in ("holdout_share", "treatment_count", "control_count", "campaign_cost")
    )
    rows = con.execute(
        "select snapshot_id, segment_name, as_of_date, created_at, definition_hash, requires_consent, "
        f"member_count, excluded_without_consent, row_count, {rules}, {has_changes}, {base}, {holdout} "
        "from exports.export_snapshots where snapshot_id = ? order by segment_name",
        [snapshot_id],
    ).fetchall()
    return [SnapshotSegment(*row) for row in rows]


def previous_change_snapshots(
    con: duckdb.DuckDBPyConnection, segment_names: Sequence[str]
) -> dict[str, str | None]:
    """Segment -> its latest change snapshot (taken with --changes), None when it has none.

    Snapshots taken without --changes are never a base: a destination kept in step with change
    files has received exactly the change snapshots, so the next change is computed against the
    last of those. Latest = greatest created_at (then id: '-10' after '-9' within one second).
    """
    bases: dict[str, str | None] = dict.fromkeys(segment_names)
    if "has_changes" not in _relation_columns(con, "exports", "export_snapshots"):
        return bases
    rows = con.execute(
        """
        select segment_name, snapshot_id
        from exports.export_snapshots
        where has_changes and list_contains(?, segment_name)
        qualify row_number() over (
            partition by segment_name
            order by created_at desc, length(snapshot_id) desc, snapshot_id desc
        ) = 1
        """,
        [list(segment_names)],
    ).fetchall()
    bases.update(dict(rows))
    return bases


def snapshot_members(con: duckdb.DuckDBPyConnection, snapshot_id: str, segment_name: str) -> list[dict]:
    """The frozen members of one segment of a snapshot, as text mappings, by customer_id."""
    cursor = con.execute(
        f"select {', '.join(MEMBER_FIELDS)} from exports.export_snapshot_members "
        "where snapshot_id = ? and segment_name = ? order by customer_id",
        [snapshot_id, segment_name],
    )
    return [dict(zip(MEMBER_FIELDS, row, strict=True)) for row in cursor.fetchall()]


def list_snapshots(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int, dt.datetime]]:
    """(snapshot_id, segments, rows, created_at) of every snapshot, oldest first."""
    if not _relation_columns(con, "exports", "export_snapshots"):
        return []
    return con.execute(
        "select snapshot_id, count(*), sum(row_count), min(created_at) from exports.export_snapshots "
        "group by snapshot_id order by min(created_at), snapshot_id"
    ).fetchall()
