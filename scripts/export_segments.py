#!/usr/bin/env python3
"""Export customer segments as frozen, reproducible CSV files (and a JSON manifest).

A new export first takes a snapshot: the current members of the chosen segments (consent rules
applied) and their export fields are frozen into append-only warehouse tables
(exports.export_snapshots, exports.export_snapshot_members) under a UTC timestamp id. Files are
rendered only from those frozen rows, so `--snapshot-id ID` re-creates byte-identical files at
any later time, whatever happened to the data or the segment definitions since. A segment with a
holdout freezes every member's group and sends treatment only; `--campaign-cost` stores the
campaign's cost for the ROI (docs/measurement.md).

Output: <out>/<snapshot_id>/<segment>.<format>.csv + manifest.json, folder 0700, files 0600,
written to a temporary folder and renamed into place; an existing export is never overwritten.
With --changes, also <segment>.<format>.added.csv and .removed.csv: the members added and removed
since the segment's previous change snapshot (its base, stored with the snapshot; none for the
first change snapshot, where everyone is added).

Exit codes: 0 ok, 1 unexpected failure, 2 bad arguments / missing input, 3 export already
exists, 4 warehouse locked by another process. Failures print one line on stderr.
(--changes --require-base without a previous change snapshot is 2, before anything is stored.)
See docs/exports.md and docs/scheduling.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from segment_exports import changes, files, formats, warehouse  # noqa: E402
from segment_exports.errors import ExportError, OneLineParser, UsageError  # noqa: E402

REPO = SCRIPTS.parent
PROG = "export_segments"
log = logging.getLogger(PROG)
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def default_duckdb_path() -> Path:
    """DUCKDB_PATH, else <repo>/warehouse/shop_segments.duckdb (the dbt profile's default)."""
    env = os.environ.get("DUCKDB_PATH")
    return Path(env) if env else REPO / "warehouse" / "shop_segments.duckdb"


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description=(
            "Snapshot segment members into append-only warehouse tables and write CSV exports "
            "(plus manifest.json) rendered only from that frozen snapshot."
        ),
        epilog=(
            "Exit codes: 0 ok, 1 unexpected failure, 2 bad arguments or missing input, "
            "3 export folder already exists, 4 warehouse locked. Details: docs/exports.md."
        ),
    )
    parser.add_argument(
        "--segment",
        action="append",
        metavar="NAME",
        default=[],
        help="segment to export; repeat for several (with --snapshot-id: a subset of that snapshot)",
    )
    parser.add_argument(
        "--all",
        action="store_true",
        help="export every segment (definitions and memberships); with --snapshot-id, every segment in it",
    )
    parser.add_argument(
        "--format",
        action="append",
        metavar="FORMAT",
        dest="formats",
        help=(
            f"output format(s): {', '.join(formats.FORMATS)}; repeat or comma-separate for several "
            "(default: standard)"
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "exports",
        metavar="DIR",
        help="exports folder; each snapshot gets DIR/<snapshot_id>/ (default: <repo>/exports, gitignored)",
    )
    parser.add_argument(
        "--snapshot-id",
        metavar="ID",
        help="re-export an existing snapshot (byte-identical files) instead of taking a new one",
    )
    parser.add_argument(
        "--changes",
        action="store_true",
        help=(
            "also write <segment>.<format>.added.csv and .removed.csv: members added and removed since "
            "the segment's previous --changes snapshot (the first one: everyone added); with "
            "--snapshot-id, re-export the change files of that snapshot"
        ),
    )
    parser.add_argument(
        "--require-base",
        action="store_true",
        help=(
            "with --changes: fail (exit 2, nothing stored) when a segment has no previous --changes "
            "snapshot, instead of exporting everyone as added"
        ),
    )
    parser.add_argument(
        "--duckdb-path",
        type=Path,
        default=None,
        metavar="PATH",
        help="DuckDB warehouse file (default: $DUCKDB_PATH, else <repo>/warehouse/shop_segments.duckdb)",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="when another process holds the DuckDB file, retry for up to SECONDS before failing (default 0)",
    )
    parser.add_argument(
        "--campaign-cost",
        type=campaign_cost,
        default=None,
        metavar="AMOUNT",
        help=(
            "what the campaign sent to this export costs (an amount >= 0, e.g. 1500 or 1500.00), stored "
            "with the snapshot for the ROI in marts.segment_campaign_results; one segment per export "
            "(docs/measurement.md)"
        ),
    )
    parser.add_argument(
        "--list-snapshots",
        action="store_true",
        help="print the existing snapshots (id, segments, rows, created_at) and exit",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log progress (counts and ids only, never personal data) to stderr",
    )
    return parser


def campaign_cost(text: str) -> Decimal:
    """--campaign-cost: a finite amount >= 0 with at most two decimals."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise argparse.ArgumentTypeError(f"expected an amount such as 1500 or 1500.00, got {text!r}")
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected an amount >= 0, got {text!r}")
    if value != value.quantize(Decimal("0.01")) or value >= Decimal("1e16"):
        raise argparse.ArgumentTypeError(f"expected at most two decimals and under 10^16, got {text!r}")
    return value


def _holdout_keys(seg: warehouse.SnapshotSegment) -> dict:
    """Manifest keys of a segment with a holdout or a cost; none otherwise (manifests of other
    segments stay byte for byte as before)."""
    keys: dict = {}
    if seg.holdout_share is not None:
        keys["holdout_share"] = seg.holdout_share
        keys["treatment_count"] = seg.treatment_count
        keys["control_count"] = seg.control_count
    if seg.campaign_cost is not None:
        keys["campaign_cost"] = f"{seg.campaign_cost:.2f}"
    return keys


def _check_file_name(segment_name: str) -> None:
    if not _SAFE_NAME.fullmatch(segment_name):
        raise UsageError(f"segment name {segment_name!r} cannot be used as a file name")


def _iso_utc(value: dt.datetime) -> str:
    return value.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _change_files(
    seg: warehouse.SnapshotSegment, change: changes.SegmentChanges, name: str
) -> list[tuple[str, formats.RenderedFile]]:
    """(kind, file) for the added and removed files of one segment in format `name`.

    Added rows are the new snapshot's, rendered under its rules; removed rows are the base's
    frozen rows rendered under the base's rules, i.e. the identifiers the destination was sent."""
    fmt = formats.FORMATS[name]
    added = formats.render_csv(fmt, change.added, seg.rendering_rules)
    removed_rules = change.base.rendering_rules if change.base else seg.rendering_rules
    removed = formats.render_csv(fmt, change.removed, removed_rules, removal=True)
    return [("added", added), ("removed", removed)]


def render_export(
    snapshot: Sequence[warehouse.SnapshotSegment],
    members: dict[str, list[dict]],
    format_names: Sequence[str],
    segment_changes: dict[str, changes.SegmentChanges] | None = None,
) -> tuple[dict[str, bytes], dict]:
    """File name -> bytes for every segment x format, and the manifest describing them.

    With segment_changes (a change export), also the added and removed file of each segment x
    format, and the base snapshot id of each segment in the manifest."""
    first = snapshot[0]
    out_files: dict[str, bytes] = {}
    file_entries = []
    for seg in snapshot:
        for name in format_names:
            rendered = formats.render_csv(
                formats.FORMATS[name], members[seg.segment_name], seg.rendering_rules
            )
            kinds: list[tuple[str | None, formats.RenderedFile]] = [(None, rendered)]
            if segment_changes is not None:
                kinds += _change_files(seg, segment_changes[seg.segment_name], name)
            for kind, content in kinds:
                file_name = (
                    f"{seg.segment_name}.{name}.csv"
                    if kind is None
                    else f"{seg.segment_name}.{name}.{kind}.csv"
                )
                out_files[file_name] = content.content
                entry = {
                    "file": file_name,
                    "segment": seg.segment_name,
                    "format": name,
                    "snapshot_id": seg.snapshot_id,
                    "as_of_date": _iso_date(seg.as_of_date),
                    "created_at": _iso_utc(seg.created_at),
                    "definition_hash": seg.definition_hash,
                    "requires_consent": seg.requires_consent,
                    "row_count": content.row_count,
                    "skipped_rows": content.skipped_count,
                    "sha256": files.sha256_bytes(content.content),
                }
                if kind is not None:
                    entry["change"] = kind
                    entry["base_snapshot_id"] = seg.base_snapshot_id
                file_entries.append(entry)
                log.info(
                    "segment %s: %s file%s with %d rows (%d skipped)",
                    seg.segment_name,
                    name,
                    "" if kind is None else f" ({kind})",
                    content.row_count,
                    content.skipped_count,
                )
    segment_entries = []
    for seg in snapshot:
        entry = {
            "segment": seg.segment_name,
            "as_of_date": _iso_date(seg.as_of_date),
            "definition_hash": seg.definition_hash,
            "requires_consent": seg.requires_consent,
            "member_count": seg.member_count,
            "excluded_without_consent": seg.excluded_without_consent,
            "row_count": seg.row_count,
            **_holdout_keys(seg),
        }
        if segment_changes is not None:
            change = segment_changes[seg.segment_name]
            entry["base_snapshot_id"] = seg.base_snapshot_id  # null: first change snapshot, all added
            entry["added_count"] = len(change.added)
            entry["removed_count"] = len(change.removed)
        segment_entries.append(entry)
    manifest = {
        "manifest_version": 1,
        "snapshot_id": first.snapshot_id,
        "created_at": _iso_utc(first.created_at),
        "formats": list(format_names),
        "segments": segment_entries,
        "files": file_entries,
    }
    if segment_changes is not None:
        manifest["changes"] = True  # absent from plain exports, whose manifests stay as they were
    if first.rendering_rules != 1:
        # Manifests of rules-1 snapshots predate this key and must re-export byte-identically.
        manifest["rendering_rules"] = first.rendering_rules
    return out_files, manifest


def _select(requested: Sequence[str], available: Sequence[str], what: str) -> list[str]:
    unknown = sorted(set(requested) - set(available))
    if unknown:
        raise UsageError(f"unknown segment(s) {', '.join(unknown)} {what}")
    return sorted(set(requested))


def run(args: argparse.Namespace) -> str:
    """Do the export described by args; the path of the written export folder."""
    format_names = formats.parse_formats(args.formats)
    db_path = args.duckdb_path or default_duckdb_path()
    if args.segment and args.all:
        raise UsageError("use either --all or --segment, not both")
    if not args.segment and not args.all and not args.snapshot_id:
        raise UsageError("choose --all or --segment NAME (or --snapshot-id ID to re-export)")
    if args.campaign_cost is not None and (args.snapshot_id or len(set(args.segment)) != 1):
        raise UsageError(
            "--campaign-cost is the cost of one new export of one segment: use it with a single "
            "--segment NAME (not --all, not --snapshot-id)"
        )
    if args.require_base and not args.changes:
        raise UsageError("--require-base only applies with --changes")
    if args.require_base and args.snapshot_id:
        raise UsageError("--require-base applies to new snapshots, not to --snapshot-id re-exports")
    segment_changes: dict[str, changes.SegmentChanges] | None = None

    if args.snapshot_id:
        con = warehouse.connect(db_path, read_only=True, wait_seconds=args.wait)
        try:
            snapshot = warehouse.snapshot_segments(con, args.snapshot_id)
            if not snapshot:
                raise UsageError(f"snapshot {args.snapshot_id} not found in {db_path}")
            if args.segment:
                chosen = _select(args.segment, [s.segment_name for s in snapshot], f"in {args.snapshot_id}")
                snapshot = [s for s in snapshot if s.segment_name in chosen]
            for seg in snapshot:
                _check_file_name(seg.segment_name)
            members = {
                s.segment_name: warehouse.snapshot_members(con, s.snapshot_id, s.segment_name)
                for s in snapshot
            }
            if args.changes:
                segment_changes = {
                    s.segment_name: changes.segment_changes(con, s, members[s.segment_name]) for s in snapshot
                }
        finally:
            con.close()
        log.info("re-exporting snapshot %s: %d segment(s)", args.snapshot_id, len(snapshot))
    else:
        con = warehouse.connect(db_path, read_only=False, wait_seconds=args.wait)
        try:
            current = warehouse.current_segments(con)
            names = sorted(current) if args.all else _select(args.segment, list(current), "in the warehouse")
            if not names:
                raise UsageError("no segments found in the warehouse")
            for name in names:
                _check_file_name(name)
            bases = warehouse.previous_change_snapshots(con, names) if args.changes else None
            if args.require_base and bases is not None:
                missing = [name for name in names if bases[name] is None]
                if missing:
                    raise UsageError(
                        f"no previous --changes snapshot for segment(s) {', '.join(missing)} "
                        "(--require-base); nothing stored"
                    )
            snapshot_id = warehouse.take_snapshot(
                con, names, current, bases=bases, campaign_cost=args.campaign_cost
            )
            snapshot = warehouse.snapshot_segments(con, snapshot_id)
            members = {
                s.segment_name: warehouse.snapshot_members(con, snapshot_id, s.segment_name) for s in snapshot
            }
            if args.changes:
                segment_changes = {
                    s.segment_name: changes.segment_changes(con, s, members[s.segment_name]) for s in snapshot
                }
        finally:
            con.close()
        for seg in snapshot:
            log.info(
                "snapshot %s: segment %s: %d members, %d without marketing consent excluded, %d frozen",
                seg.snapshot_id,
                seg.segment_name,
                seg.member_count,
                seg.excluded_without_consent,
                seg.row_count,
            )
            if seg.holdout_share is not None:
                log.info(
                    "snapshot %s: segment %s: holdout %g: %d treatment (sent), %d control (held out)",
                    seg.snapshot_id,
                    seg.segment_name,
                    seg.holdout_share,
                    seg.treatment_count,
                    seg.control_count,
                )
            if segment_changes is not None:
                change = segment_changes[seg.segment_name]
                log.info(
                    "snapshot %s: segment %s: %d added, %d removed since %s",
                    seg.snapshot_id,
                    seg.segment_name,
                    len(change.added),
                    len(change.removed),
                    seg.base_snapshot_id or "nothing (first change snapshot)",
                )

    snapshot_id = snapshot[0].snapshot_id
    out_files, manifest = render_export(snapshot, members, format_names, segment_changes)
    target = args.out / snapshot_id
    try:
        files.publish_export(target, out_files, manifest)
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(
            f"could not write {target} ({exc.strerror or type(exc).__name__}); "
            f"snapshot {snapshot_id} is stored: re-export with --snapshot-id {snapshot_id}"
        ) from exc
    log.info("wrote %d file(s) and %s to %s", len(out_files), files.MANIFEST_NAME, target)
    return str(target)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format=f"{PROG}: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        if args.list_snapshots:
            con = warehouse.connect(
                args.duckdb_path or default_duckdb_path(), read_only=True, wait_seconds=args.wait
            )
            try:
                for snapshot_id, segments, rows, created_at in warehouse.list_snapshots(con):
                    print(f"{snapshot_id}\t{segments} segment(s)\t{rows} row(s)\t{_iso_utc(created_at)}")
            finally:
                con.close()
            return 0
        target = run(args)
    except ExportError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except ValueError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return UsageError.exit_code
    except Exception as exc:  # one line for the scheduler; no traceback, no data values
        print(
            f"{PROG}: error: unexpected {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}",
            file=sys.stderr,
        )
        return 1
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
