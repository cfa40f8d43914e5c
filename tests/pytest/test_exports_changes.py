"""export_segments.py --changes: added / removed files against the segment's previous change snapshot.

Hand-made warehouses as in test_exports.py (the real SQL of customer_export_fields, no dbt build):
one scenario moves customers in and out between snapshots and checks every change file against
the set differences of the frozen lists, computed here in SQL from the snapshot tables.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import duckdb
import export_segments
import pytest
from segment_exports import formats
from segment_exports import warehouse as wh
from test_exports import ALL_FORMATS, PERSONAL, export, make_warehouse, only_export_dir, read_csv_rows

FORMAT_NAMES = ["standard", "mailchimp", "meta", "google"]
FULL_FILE_KEYS = {
    "file",
    "segment",
    "format",
    "snapshot_id",
    "as_of_date",
    "created_at",
    "definition_hash",
    "requires_consent",
    "row_count",
    "skipped_rows",
    "sha256",
}
SEGMENT_KEYS = {
    "segment",
    "as_of_date",
    "definition_hash",
    "requires_consent",
    "member_count",
    "excluded_without_consent",
    "row_count",
}


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return make_warehouse(tmp_path / "w.duckdb")


def new_export(db: Path, out: Path, *args: str) -> Path:
    """Run an export into the empty folder out; its export folder."""
    assert export(db, out, *args) == 0
    return only_export_dir(out)


def frozen_ids(db: Path, snapshot_id: str, segment: str) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select customer_id from exports.export_snapshot_members "
            "where snapshot_id = ? and segment_name = ?",
            [snapshot_id, segment],
        ).fetchall()
    return {row[0] for row in rows}


def set_difference(db: Path, segment: str, left: str, right: str) -> list[dict]:
    """Frozen members of snapshot left not in snapshot right (SQL anti-join), with left's fields."""
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute(
            f"""
            select {", ".join(f"l.{f}" for f in wh.MEMBER_FIELDS)}
            from exports.export_snapshot_members as l
            where l.snapshot_id = ? and l.segment_name = ?
                and l.customer_id not in (
                    select customer_id from exports.export_snapshot_members
                    where snapshot_id = ? and segment_name = ?
                )
            """,
            [left, segment, right, segment],
        )
        return [dict(zip(wh.MEMBER_FIELDS, row, strict=True)) for row in cursor.fetchall()]


def assert_changes_are_set_differences(db: Path, folder: Path, segments: list[str], base_id: str) -> None:
    """Every added / removed file is the rendering of new minus base / base minus new."""
    for segment in segments:
        added = set_difference(db, segment, folder.name, base_id)
        removed = set_difference(db, segment, base_id, folder.name)
        for name in FORMAT_NAMES:
            fmt = formats.FORMATS[name]
            assert (folder / f"{segment}.{name}.added.csv").read_bytes() == formats.render_csv(
                fmt, added
            ).content, (segment, name)
            assert (folder / f"{segment}.{name}.removed.csv").read_bytes() == formats.render_csv(
                fmt, removed, removal=True
            ).content, (segment, name)


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def test_first_change_snapshot_has_everyone_added(warehouse, tmp_path):
    folder = new_export(warehouse, tmp_path / "out", "--all", "--changes", *ALL_FORMATS)
    manifest = manifest_of(folder)
    assert manifest["changes"] is True
    for segment in ("everyone", "nobody", "vip"):
        for name in FORMAT_NAMES:
            full = (folder / f"{segment}.{name}.csv").read_bytes()
            assert (folder / f"{segment}.{name}.added.csv").read_bytes() == full
            removed = read_csv_rows(folder / f"{segment}.{name}.removed.csv")
            assert len(removed) == 1  # header only
    by_segment = {s["segment"]: s for s in manifest["segments"]}
    assert by_segment["vip"]["base_snapshot_id"] is None
    assert (by_segment["vip"]["added_count"], by_segment["vip"]["removed_count"]) == (2, 0)
    assert (by_segment["everyone"]["added_count"], by_segment["everyone"]["removed_count"]) == (3, 0)
    assert len(manifest["files"]) == 3 * 4 * 3
    changes = [f for f in manifest["files"] if "change" in f]
    assert {f["change"] for f in changes} == {"added", "removed"}
    assert all(f["base_snapshot_id"] is None for f in changes)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select distinct has_changes, base_snapshot_id from exports.export_snapshots"
        ).fetchall() == [(True, None)]


def test_entries_exits_reentries_and_consent_withdrawal(warehouse, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    first = new_export(warehouse, tmp_path / "s1", "--all", "--changes", *ALL_FORMATS, "--verbose")
    assert frozen_ids(warehouse, first.name, "vip") == {"c1", "c2"}

    # c4 enters vip; c2 leaves it and is deleted from the shop; c1 withdraws marketing consent
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into segments.segment_memberships values ('vip', 'c4', date '2026-07-31', null)")
        con.execute("delete from segments.segment_memberships where customer_id = 'c2'")
        con.execute("delete from marts.dim_customers where customer_id = 'c2'")
        con.execute("update marts.dim_customers set accepts_marketing = false where customer_id = 'c1'")
    second = new_export(warehouse, tmp_path / "s2", "--all", "--changes", *ALL_FORMATS, "--verbose")
    assert frozen_ids(warehouse, second.name, "vip") == {"c4"}
    assert_changes_are_set_differences(warehouse, second, ["everyone", "nobody", "vip"], first.name)
    # what the destinations get, literally: c4 in, c1 (consent) and c2 (exit) out
    assert read_csv_rows(second / "vip.mailchimp.added.csv") == [
        "Email Address,First Name,Last Name,Tags",
        'dave.smith@example.co.uk,Dave,Smith,"""Monday, Wednesday"""',
    ]
    assert read_csv_rows(second / "vip.mailchimp.removed.csv") == [
        "Email Address",
        "anna.jensen@example.com",
        "bob.obrien@example.com",  # no longer in the warehouse: the base snapshot's frozen row
    ]
    assert read_csv_rows(second / "vip.standard.removed.csv") == [
        "Customer ID,Email Address",
        "c1,Anna.Jensen@Example.COM",
        "c2,bob.obrien@example.com",
    ]
    meta_removed = read_csv_rows(second / "vip.meta.removed.csv")
    assert meta_removed[0] == "email,phone,fn,ln,zip,ct,st,country"
    assert meta_removed[1:] == read_csv_rows(first / "vip.meta.csv")[1:]  # the hashes that were sent
    # everyone does not require consent: c1 stays, c2 left, nothing entered
    assert read_csv_rows(second / "everyone.standard.added.csv")[1:] == []
    assert read_csv_rows(second / "everyone.standard.removed.csv")[1:] == []  # c2 was never in it
    manifest = manifest_of(second)
    by_segment = {s["segment"]: s for s in manifest["segments"]}
    assert by_segment["vip"]["base_snapshot_id"] == first.name
    assert (by_segment["vip"]["added_count"], by_segment["vip"]["removed_count"]) == (1, 2)
    assert {f["base_snapshot_id"] for f in manifest["files"] if "change" in f} == {first.name}

    # a plain export in between is not a base: a destination synced by change files never got it
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "insert into segments.segment_memberships values ('nobody', 'c4', date '2026-08-31', null)"
        )
    plain = new_export(warehouse, tmp_path / "plain", "--all")

    # re-entries: c2 comes back to the shop and to vip, c1 gives consent again
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "insert into marts.dim_customers values ('c2', 'Bob', 'O''Brien', 'Bob O''Brien', "
            "'bob.new@example.com', null, 'US', 'CA', 'San Francisco', '94105', date '2024-03-01', true, "
            "[], 10, 1)"
        )
        con.execute("insert into segments.segment_memberships values ('vip', 'c2', date '2026-08-31', null)")
        con.execute("update marts.dim_customers set accepts_marketing = true where customer_id = 'c1'")
    third = new_export(warehouse, tmp_path / "s3", "--all", "--changes", *ALL_FORMATS, "--verbose")
    by_segment = {s["segment"]: s for s in manifest_of(third)["segments"]}
    assert {s["base_snapshot_id"] for s in by_segment.values()} == {second.name}
    assert plain.name not in {s["base_snapshot_id"] for s in by_segment.values()}
    assert_changes_are_set_differences(warehouse, third, ["everyone", "nobody", "vip"], second.name)
    assert read_csv_rows(third / "vip.mailchimp.added.csv")[1:] == [
        'anna.jensen@example.com,Anna,Jensen,"O\'Brien,vip"',
        "bob.new@example.com,Bob,O'Brien,",  # the re-entered member's current fields
    ]
    assert read_csv_rows(third / "vip.mailchimp.removed.csv")[1:] == []
    # c4 entered nobody after the base: added here although the plain export already froze it
    assert frozen_ids(warehouse, plain.name, "nobody") == {"c4"}
    assert read_csv_rows(third / "nobody.standard.added.csv")[1:] == [
        "Dave Smith,Dave,Smith,dave.smith@example.co.uk,2022-12-31,GB,SW1A 1AA,0.00"
    ]
    assert (by_segment["everyone"]["added_count"], by_segment["everyone"]["removed_count"]) == (0, 0)

    # no personal data in the progress lines of change exports
    assert "added" in caplog.text
    for value in [*PERSONAL, "bob.new@example.com"]:
        assert value not in caplog.text


def test_change_files_reexport_byte_identical(warehouse, tmp_path):
    new_export(warehouse, tmp_path / "s1", "--all", "--changes", *ALL_FORMATS)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from segments.segment_memberships where customer_id = 'c1'")
        con.execute("insert into segments.segment_memberships values ('vip', 'c4', date '2026-07-31', null)")
    second = new_export(warehouse, tmp_path / "s2", "--all", "--changes", *ALL_FORMATS)
    assert read_csv_rows(second / "vip.standard.removed.csv")[1:] == ["c1,Anna.Jensen@Example.COM"]

    # everything moves on: data, consent, memberships, definitions, and a newer change snapshot
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.dim_customers set email = 'changed@example.com', accepts_marketing = false")
        con.execute("delete from marts.dim_customers where customer_id = 'c1'")
        con.execute("delete from segments.segment_memberships")
        con.execute("update segments.segment_definitions set definition_hash = 'hash-2'")
    new_export(warehouse, tmp_path / "s3", "--all", "--changes")

    again = new_export(warehouse, tmp_path / "again", "--snapshot-id", second.name, "--changes", *ALL_FORMATS)
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in second.iterdir())
    for path in second.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name

    # a subset re-export carries the same change files of that segment
    subset = new_export(
        warehouse, tmp_path / "subset", "--snapshot-id", second.name, "--segment", "vip", "--changes"
    )
    for name in ("vip.standard.csv", "vip.standard.added.csv", "vip.standard.removed.csv"):
        assert (subset / name).read_bytes() == (second / name).read_bytes()


def test_plain_exports_are_unchanged_and_have_no_change_files(warehouse, tmp_path, capsys):
    new_export(warehouse, tmp_path / "changes", "--all", "--changes")
    plain = new_export(warehouse, tmp_path / "plain", "--all", *ALL_FORMATS)
    assert sorted(p.name for p in plain.iterdir()) == sorted(
        [f"{s}.{f}.csv" for s in ("everyone", "nobody", "vip") for f in FORMAT_NAMES] + ["manifest.json"]
    )
    manifest = manifest_of(plain)
    assert set(manifest) == {"manifest_version", "snapshot_id", "created_at", "formats", "segments", "files",
                             "rendering_rules"}  # fmt: skip
    assert all(set(s) == SEGMENT_KEYS for s in manifest["segments"])
    assert all(set(f) == FULL_FILE_KEYS for f in manifest["files"])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select distinct has_changes, base_snapshot_id from exports.export_snapshots "
            "where snapshot_id = ?",
            [plain.name],
        ).fetchall() == [(False, None)]

    # a plain snapshot has no change files to re-export: one clear line, exit 2
    capsys.readouterr()
    assert export(warehouse, tmp_path / "again", "--snapshot-id", plain.name, "--changes") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("export_segments: error: segment everyone of snapshot")
    assert "was taken without --changes" in err
    assert len(err.splitlines()) == 1


def test_require_base_fails_clearly_and_stores_nothing(warehouse, tmp_path, capsys):
    out = tmp_path / "out"
    assert export(warehouse, out, "--segment", "vip", "--changes", "--require-base") == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "export_segments: error: no previous --changes snapshot for segment(s) vip (--require-base); "
        "nothing stored"
    )
    assert not out.exists() or list(out.iterdir()) == []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'exports'"
        )
        assert tables.fetchall() == []

    first = new_export(warehouse, tmp_path / "first", "--segment", "vip", "--changes")
    # vip has a base now; everyone has none (a plain export is no base)
    new_export(warehouse, tmp_path / "plain", "--segment", "everyone")
    second = new_export(warehouse, tmp_path / "second", "--segment", "vip", "--changes", "--require-base")
    assert manifest_of(second)["segments"][0]["base_snapshot_id"] == first.name
    capsys.readouterr()
    assert export(warehouse, tmp_path / "x", "--all", "--changes", "--require-base") == 2
    assert "segment(s) everyone, nobody (--require-base)" in capsys.readouterr().err
    assert export(warehouse, tmp_path / "x", "--all", "--require-base") == 2  # without --changes
    assert "--require-base only applies with --changes" in capsys.readouterr().err


def test_latest_change_snapshot_is_the_base_within_one_second(warehouse):
    fixed = dt.datetime(2026, 11, 24, 10, 15, 0, tzinfo=dt.UTC)
    with duckdb.connect(str(warehouse)) as con:
        current = wh.current_segments(con)
        ids = []
        for _ in range(10):
            bases = wh.previous_change_snapshots(con, ["vip"])
            ids.append(wh.take_snapshot(con, ["vip"], current, now=fixed, bases=bases))
        wh.take_snapshot(con, ["vip"], current, now=fixed)  # plain: -11 is no base
        assert ids[-1] == "20261124T101500Z-10"
        assert wh.previous_change_snapshots(con, ["vip", "everyone"]) == {
            "vip": "20261124T101500Z-10",
            "everyone": None,
        }
        stored = con.execute(
            "select base_snapshot_id from exports.export_snapshots where has_changes order by created_at, "
            "length(snapshot_id), snapshot_id"
        ).fetchall()
    assert [row[0] for row in stored] == [None, *ids[:-1]]


def test_tables_from_before_change_exports_get_the_columns(warehouse, tmp_path):
    """A warehouse whose export_snapshots predates has_changes / base_snapshot_id."""
    old = new_export(warehouse, tmp_path / "old", "--segment", "vip")
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table exports.export_snapshots drop column has_changes")
        con.execute("alter table exports.export_snapshots drop column base_snapshot_id")
    again = new_export(warehouse, tmp_path / "again", "--snapshot-id", old.name)
    assert (again / "vip.standard.csv").read_bytes() == (old / "vip.standard.csv").read_bytes()
    first = new_export(warehouse, tmp_path / "first", "--segment", "vip", "--changes")
    assert manifest_of(first)["segments"][0]["base_snapshot_id"] is None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select snapshot_id, has_changes from exports.export_snapshots order by snapshot_id"
        ).fetchall() == [(old.name, None), (first.name, True)]


def test_cli_help_documents_the_change_flags():
    help_text = export_segments.build_parser().format_help()
    assert "--changes" in help_text
    assert "--require-base" in help_text
