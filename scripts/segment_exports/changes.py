"""Change exports: the members added to and removed from a segment since its base snapshot.

Both sides are frozen rows of exports.export_snapshot_members: the added members are the new
snapshot's rows whose customer_id is not in the base, the removed members the base's rows whose
customer_id is not in the new snapshot, with the fields frozen in the base (a removed customer
may no longer be in the warehouse, and the destination holds what was sent then). So the change
files of a snapshot re-export byte-identically, like its full files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from segment_exports import warehouse
from segment_exports.errors import UsageError


@dataclass(frozen=True)
class SegmentChanges:
    """One segment's change against its base (base None: the first change snapshot, all added)."""

    base: warehouse.SnapshotSegment | None
    added: list[dict]
    removed: list[dict]


def diff(base_members: Sequence[dict], members: Sequence[dict]) -> tuple[list[dict], list[dict]]:
    """(added, removed) by customer_id: members not in the base, base members not in members."""
    base_ids = {m["customer_id"] for m in base_members}
    ids = {m["customer_id"] for m in members}
    added = [m for m in members if m["customer_id"] not in base_ids]
    removed = [m for m in base_members if m["customer_id"] not in ids]
    return added, removed


def segment_changes(
    con: duckdb.DuckDBPyConnection,
    segment: warehouse.SnapshotSegment,
    members: Sequence[dict],
) -> SegmentChanges:
    """The change of one segment of a change snapshot against the base stored with it."""
    if not segment.has_changes:
        raise UsageError(
            f"segment {segment.segment_name} of snapshot {segment.snapshot_id} was taken without "
            "--changes: it has no change files"
        )
    if segment.base_snapshot_id is None:
        return SegmentChanges(None, list(members), [])
    base = next(
        (
            s
            for s in warehouse.snapshot_segments(con, segment.base_snapshot_id)
            if s.segment_name == segment.segment_name
        ),
        None,
    )
    if base is None:  # cannot happen with append-only tables; fail rather than call everyone added
        raise UsageError(
            f"base snapshot {segment.base_snapshot_id} of segment {segment.segment_name} not found"
        )
    base_members = warehouse.snapshot_members(con, base.snapshot_id, base.segment_name)
    added, removed = diff(base_members, members)
    return SegmentChanges(base, added, removed)
