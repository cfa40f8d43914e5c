"""scripts/export_segments.py on small hand-made DuckDB warehouses (fast, no dbt)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import export_segments
import pytest
from conftest import create_export_fields_view
from segment_exports import files as export_files
from segment_exports import warehouse as wh

SCRIPT = Path(export_segments.__file__)

CUSTOMERS = [
    # id, first, last, email, phone, country, region, city, postal, registered, consent, tags, revenue
    ("c1", "Anna", "Jensen", " Anna.Jensen@Example.COM ", "+45 12 34 56 78", "DK", "Hovedstaden",
     "København", "2100", "2025-01-15", True, ["vip", "O'Brien"], "1234.5"),
    ("c2", "Bob", "O'Brien", "bob.obrien@example.com", "(650) 555-1212", "US", "CA", "San Francisco",
     "94105-1234", "2024-03-01", True, [], "99.995"),
    ("c3", "Carla", "Nielsen", "carla.nielsen@example.com", "22 33 44 55", "DK", "Midtjylland", "Aarhus",
     "8000", "2023-07-04", False, ["vip"], "5000"),
    ("c4", "Dave", "Smith", "dave.smith@example.co.uk", None, "GB", None, "London", "SW1A 1AA",
     "2022-12-31", True, ["Monday, Wednesday"], "0"),
]  # fmt: skip
PERSONAL = [value for c in CUSTOMERS for value in (c[1], c[2], c[3].strip(), c[4]) if value]
MEMBERSHIPS = [
    ("vip", "c1"),
    ("vip", "c2"),
    ("vip", "c3"),
    ("everyone", "c1"),
    ("everyone", "c3"),
    ("everyone", "c4"),
]
DEFINITIONS = [
    ("vip", True, "hash-vip-1"),
    ("everyone", False, "hash-everyone-1"),
    ("nobody", None, "hash-nobody-1"),
]
ALL_FORMATS = ["--format", "standard,mailchimp", "--format", "meta", "--format", "google"]


def make_warehouse(path: Path) -> Path:
    """The relations the exporter reads: dim_customers with the dbt model's column names and types,
    and the real dbt SQL of customer_export_fields over it."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema segments")
        con.execute("create schema marts")
        con.execute(
            """create table marts.dim_customers (
                customer_id varchar, first_name varchar, last_name varchar, full_name varchar,
                email varchar, phone varchar, country_code varchar, region varchar, city varchar,
                postal_code varchar, registered_date date, accepts_marketing boolean not null,
                tags varchar[], lifetime_revenue decimal(18, 2), orders_count integer)"""
        )
        for c in CUSTOMERS:
            con.execute(
                "insert into marts.dim_customers "
                "values (?, ?, ?, ? || ' ' || ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 3)",
                [c[0], c[1], c[2], c[1], c[2], *c[3:]],
            )
        create_export_fields_view(con)
        con.execute(
            """create table segments.segment_memberships (
                segment_name varchar, customer_id varchar, as_of_date date, group_name varchar)"""
        )
        con.executemany(
            "insert into segments.segment_memberships values (?, ?, date '2026-06-30', null)", MEMBERSHIPS
        )
        con.execute(
            """create table segments.segment_definitions (
                segment_name varchar, description varchar, owner varchar, requires_consent boolean,
                group_name varchar, definition_json varchar, definition_hash varchar)"""
        )
        con.executemany(
            "insert into segments.segment_definitions values (?, 'd', 'crm', ?, null, '{}', ?)", DEFINITIONS
        )
    return path


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return make_warehouse(tmp_path / "w.duckdb")


def export(db: Path, out: Path, *args: str) -> int:
    return export_segments.main(["--duckdb-path", str(db), "--out", str(out), *args])


def only_export_dir(out: Path) -> Path:
    (folder,) = [p for p in out.iterdir()]
    return folder


def read_csv_rows(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_all_formats_headers_consent_and_manifest(warehouse, tmp_path, capsys):
    out = tmp_path / "out"
    assert export(warehouse, out, "--all", *ALL_FORMATS) == 0
    folder = only_export_dir(out)
    assert capsys.readouterr().out.strip() == str(folder)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            f"{s}.{f}.csv"
            for s in ("everyone", "nobody", "vip")
            for f in ("standard", "mailchimp", "meta", "google")
        ]
        + ["manifest.json"]
    )
    headers = {
        "standard": "Name,First Name,Last Name,Email Address,Date Registered,Country,Postal Code,"
        "Lifetime Spend",
        "mailchimp": "Email Address,First Name,Last Name,Tags",
        "meta": "email,phone,fn,ln,zip,ct,st,country",
        "google": "Email,Phone,First Name,Last Name,Country,Zip",
    }
    for fmt, header in headers.items():
        assert read_csv_rows(folder / f"vip.{fmt}.csv")[0] == header
        # the empty segment is header-only, never a row of nulls
        assert (folder / f"nobody.{fmt}.csv").read_bytes() == (header + "\n").encode()

    # vip requires consent: c3 (accepts_marketing false) is left out; everyone does not: c3 kept
    assert read_csv_rows(folder / "vip.standard.csv")[1:] == [
        "Anna Jensen,Anna,Jensen,Anna.Jensen@Example.COM,2025-01-15,DK,2100,1234.50",
        "Bob O'Brien,Bob,O'Brien,bob.obrien@example.com,2024-03-01,US,94105-1234,100.00",
    ]
    assert [row.split(",")[1] for row in read_csv_rows(folder / "everyone.standard.csv")[1:]] == [
        "Anna",
        "Carla",
        "Dave",
    ]
    assert read_csv_rows(folder / "everyone.mailchimp.csv")[1:] == [
        'anna.jensen@example.com,Anna,Jensen,"O\'Brien,vip"',
        "carla.nielsen@example.com,Carla,Nielsen,vip",
        'dave.smith@example.co.uk,Dave,Smith,"""Monday, Wednesday"""',
    ]

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["snapshot_id"] == folder.name
    by_segment = {s["segment"]: s for s in manifest["segments"]}
    assert by_segment["vip"] == {
        "segment": "vip",
        "as_of_date": "2026-06-30",
        "definition_hash": "hash-vip-1",
        "requires_consent": True,
        "member_count": 3,
        "excluded_without_consent": 1,
        "row_count": 2,
    }
    assert by_segment["nobody"]["requires_consent"] is True  # null in the definitions = default true
    assert by_segment["everyone"]["excluded_without_consent"] == 0
    assert len(manifest["files"]) == 12
    for entry in manifest["files"]:
        content = (folder / entry["file"]).read_bytes()
        assert entry["sha256"] == export_files.sha256_bytes(content)
        assert entry["row_count"] == len(content.splitlines()) - 1
        assert entry["snapshot_id"] == folder.name
        assert entry["created_at"] == manifest["created_at"]

    # owner-only permissions
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}

    # the frozen tables hold exactly what was exported
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select segment_name, count(*) from exports.export_snapshot_members group by 1 order by 1"
        ).fetchall() == [("everyone", 3), ("vip", 2)]


def test_reexport_is_byte_identical_after_data_and_segment_changes(warehouse, tmp_path):
    first_out = tmp_path / "first"
    assert export(warehouse, first_out, "--all", *ALL_FORMATS) == 0
    first = only_export_dir(first_out)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.dim_customers set email = 'changed@example.com', lifetime_revenue = 1")
        con.execute("update marts.dim_customers set accepts_marketing = true where customer_id = 'c3'")
        con.execute("delete from segments.segment_memberships where customer_id = 'c2'")
        con.execute(
            "insert into segments.segment_memberships values ('nobody', 'c4', date '2026-07-31', null)"
        )
        con.execute(
            "update segments.segment_definitions set definition_hash = 'hash-2', requires_consent = false"
        )
        con.execute("update segments.segment_memberships set as_of_date = date '2026-07-31'")

    again_out = tmp_path / "again"
    assert export(warehouse, again_out, "--snapshot-id", first.name, *ALL_FORMATS) == 0
    again = only_export_dir(again_out)
    assert again.name == first.name
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in first.iterdir())
    for path in first.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name

    # a new snapshot reflects the current state
    new_out = tmp_path / "new"
    assert export(warehouse, new_out, "--segment", "vip", "--segment", "nobody") == 0
    new = only_export_dir(new_out)
    assert new.name != first.name
    assert read_csv_rows(new / "vip.standard.csv")[1:] == [
        "Anna Jensen,Anna,Jensen,changed@example.com,2025-01-15,DK,2100,1.00",
        "Carla Nielsen,Carla,Nielsen,changed@example.com,2023-07-04,DK,8000,1.00",
    ]
    manifest = json.loads((new / "manifest.json").read_text())
    assert {s["segment"]: (s["as_of_date"], s["definition_hash"]) for s in manifest["segments"]} == {
        "nobody": ("2026-07-31", "hash-2"),
        "vip": ("2026-07-31", "hash-2"),
    }
    # the first snapshot's rows are untouched (append-only)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select count(*) from exports.export_snapshot_members where snapshot_id = ?", [first.name]
        ).fetchone() == (5,)


def test_snapshot_ids_are_unique_within_one_second(warehouse, tmp_path):
    fixed = dt.datetime(2026, 11, 24, 10, 15, 0, tzinfo=dt.UTC)
    with duckdb.connect(str(warehouse)) as con:
        current = wh.current_segments(con)
        ids = [wh.take_snapshot(con, ["vip"], current, now=fixed) for _ in range(3)]
    assert ids == ["20261124T101500Z", "20261124T101500Z-2", "20261124T101500Z-3"]


def test_refuses_to_overwrite_an_existing_export(warehouse, tmp_path, capsys):
    out = tmp_path / "out"
    assert export(warehouse, out, "--segment", "vip") == 0
    folder = only_export_dir(out)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    capsys.readouterr()
    assert export(warehouse, out, "--snapshot-id", folder.name) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "already exists" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_failure_midway_leaves_no_partial_export(warehouse, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    real_write = export_files.write_private_file
    calls = []

    def failing_write(path, content):
        calls.append(path.name)
        if len(calls) == 3:
            # half of the third file reaches the disk, then the "disk" fails
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, content[: len(content) // 2])
            os.close(fd)
            raise OSError(28, "No space left on device")
        real_write(path, content)

    monkeypatch.setattr(export_files, "write_private_file", failing_write)
    assert export(warehouse, out, "--all", "--format", "standard,meta") == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "re-export with --snapshot-id" in err
    assert list(out.iterdir()) == []  # neither the export folder nor a temporary one is left
    # the snapshot itself was recorded, so the same files can be produced later
    snapshot_id = err.rsplit(" ", 1)[-1]
    monkeypatch.setattr(export_files, "write_private_file", real_write)
    assert export(warehouse, out, "--snapshot-id", snapshot_id, "--format", "standard,meta") == 0
    assert (out / snapshot_id / "manifest.json").exists()


def test_killed_export_leaves_no_partial_file(warehouse, tmp_path):
    """SIGKILL while files are being written: nothing appears under the final name."""
    out = tmp_path / "out"
    marker = tmp_path / "writing"
    code = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(SCRIPT.parent)!r})
        import export_segments
        from segment_exports import files
        real = files.write_private_file
        def slow(path, content):
            real(path, content[: len(content) // 2])
            open({str(marker)!r}, "w").close()
            time.sleep(60)
        files.write_private_file = slow
        export_segments.main(["--duckdb-path", {str(warehouse)!r}, "--out", {str(out)!r}, "--all"])
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert proc.poll() is None, "export finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.kill()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    # no export folder appeared; at most the hidden temporary folder (with a half file) remains
    leftovers = list(out.iterdir())
    assert [p for p in leftovers if not p.name.startswith(".")] == []
    assert all(p.name.endswith(".tmp") for p in leftovers)
    assert any(p.stat().st_size > 0 for p in out.rglob("*.csv"))  # the kill really hit mid-write


def test_no_personal_data_in_logs(warehouse, tmp_path, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "out"
    assert export(warehouse, out, "--all", "--verbose", *ALL_FORMATS) == 0
    assert export(warehouse, out, "--snapshot-id", only_export_dir(out).name, "--verbose") == 3
    captured = capsys.readouterr()
    text = caplog.text + captured.out + captured.err
    assert "frozen" in caplog.text  # the progress lines were really logged
    for value in PERSONAL:
        assert value not in text, "personal data in a log line"
    assert "@" not in text


def test_unknown_segment_and_snapshot_and_bad_format(warehouse, tmp_path, capsys):
    out = tmp_path / "out"
    assert export(warehouse, out, "--segment", "nope") == 2
    assert export(warehouse, out, "--snapshot-id", "19990101T000000Z") == 2
    assert export(warehouse, out, "--all", "--format", "csv") == 2
    assert export(warehouse, out) == 2
    assert export(warehouse, out, "--all", "--segment", "vip") == 2
    assert export_segments.main(["--duckdb-path", str(tmp_path / "missing.duckdb"), "--all"]) == 2
    for line in capsys.readouterr().err.strip().splitlines():
        assert line.startswith("export_segments: error: ")
    assert not out.exists() or list(out.iterdir()) == []


def test_list_snapshots(warehouse, tmp_path, capsys):
    out = tmp_path / "out"
    assert export(warehouse, out, "--segment", "vip") == 0
    snapshot_id = only_export_dir(out).name
    capsys.readouterr()
    assert export_segments.main(["--duckdb-path", str(warehouse), "--list-snapshots"]) == 0
    assert capsys.readouterr().out.startswith(f"{snapshot_id}\t1 segment(s)\t2 row(s)\t")


@pytest.fixture
def lock_holder(warehouse):
    """A separate process holding the DuckDB write lock until told to stop (stdin closed)."""
    code = (
        "import duckdb, sys\n"
        f"con = duckdb.connect({str(warehouse)!r})\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "ready"
    yield proc
    if proc.poll() is None:
        proc.stdin.close()
        proc.wait(timeout=10)


def test_locked_warehouse_fails_fast_with_one_line(warehouse, tmp_path, lock_holder, capsys):
    started = time.monotonic()
    assert export(warehouse, tmp_path / "out", "--all") == 4
    assert time.monotonic() - started < 5
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "is locked by process" in err
    assert str(lock_holder.pid) in err
    assert "--wait" in err


def test_wait_retries_until_the_lock_is_released(warehouse, tmp_path, lock_holder):
    def release_later():
        time.sleep(1.5)
        lock_holder.stdin.close()
        lock_holder.wait(timeout=10)

    releaser = threading.Thread(target=release_later)
    releaser.start()
    try:
        assert export(warehouse, tmp_path / "out", "--all", "--wait", "30") == 0
    finally:
        releaser.join()


def test_cli_help_documents_every_flag():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True)
    for flag in ("--segment", "--all", "--format", "--out", "--snapshot-id", "--duckdb-path", "--wait"):
        assert flag in proc.stdout


def test_member_without_customer_row_is_counted_not_lost(warehouse, tmp_path, caplog):
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "insert into segments.segment_memberships values ('everyone', 'c9', date '2026-06-30', null)"
        )
        con.execute("insert into segments.segment_memberships values ('vip', 'c9', date '2026-06-30', null)")
    out = tmp_path / "out"
    assert export(warehouse, out, "--all") == 0
    assert "2 membership(s) of a customer missing from marts.customer_export_fields" in caplog.text
    folder = only_export_dir(out)
    assert read_csv_rows(folder / "everyone.standard.csv")[-1] == ",,,,,,,"  # c9 sorts last; no data
    assert len(read_csv_rows(folder / "vip.standard.csv")) == 3  # no consent known: left out


def test_bad_flag_is_one_line_exit_2():
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--all", "--wait", "soon"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("export_segments: error: argument --wait")


def test_reexport_a_subset_of_a_snapshot(warehouse, tmp_path, capsys):
    out = tmp_path / "out"
    assert export(warehouse, out, "--all") == 0
    snapshot_id = only_export_dir(out).name
    subset = tmp_path / "subset"
    assert (
        export(warehouse, subset, "--snapshot-id", snapshot_id, "--segment", "vip", "--format", "google") == 0
    )
    assert sorted(p.name for p in (subset / snapshot_id).iterdir()) == ["manifest.json", "vip.google.csv"]
    manifest = json.loads((subset / snapshot_id / "manifest.json").read_text())
    assert [s["segment"] for s in manifest["segments"]] == ["vip"]
    assert export(warehouse, tmp_path / "none", "--snapshot-id", snapshot_id, "--segment", "ghost") == 2
    assert f"unknown segment(s) ghost in {snapshot_id}" in capsys.readouterr().err
