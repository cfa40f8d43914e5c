"""Rendering rules of exports: formula-safe plain-text cells, phone numbers and regions from the
maintained libraries (rules 2), and old snapshots (rules 1) re-exporting byte for byte."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import duckdb
import export_segments
import pytest
from conftest import create_export_fields_view
from segment_exports import formats, legacy
from segment_exports import normalize as nz

FIXTURE = Path(__file__).parent / "fixtures" / "legacy_snapshot_v1"
# The four injection cells of the hardening issue, plus tab and carriage return.
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3", "\t=1+2", "\r@x"]


def h(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@a", "\tx", "\rx"])
def test_spreadsheet_safe_prefixes_every_trigger(value):
    assert nz.spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["", "Anna", "O'Brien", "a=b", "1-2", " =x"])
def test_spreadsheet_safe_leaves_other_text(value):
    assert nz.spreadsheet_safe(value) == value


def _member(first: str, last: str, **extra: str | None) -> dict:
    return {
        "customer_id": "c1",
        "first_name": first,
        "last_name": last,
        "full_name": None,
        "email": "anna@example.com",
        "phone": "+45 12 34 56 78",
        "country_code": "DK",
        "region": "Hovedstaden",
        "city": "København",
        "postal_code": "2100",
        "registered_date": "2025-01-15",
        "accepts_marketing": "true",
        "tags": json.dumps(["vip"]),
        "lifetime_revenue": "12.50",
        **extra,
    }


@pytest.mark.parametrize("cell", HOSTILE)
def test_plain_formats_neutralise_injection_cells(cell):
    member = _member(cell, cell, tags=json.dumps([cell]), postal_code=cell)
    formula_start = nz.FORMULA_TRIGGERS
    for name in ("standard", "mailchimp"):
        rendered = formats.render_csv(formats.FORMATS[name], [member])
        rows = list(csv.reader(io.StringIO(rendered.content.decode(), newline="")))
        for value in rows[1]:
            if value in ("12.50", "2025-01-15", "DK", "anna@example.com"):
                continue
            if value.startswith('"') and name == "mailchimp":
                continue  # a tag with a comma is quoted inside the cell: text, not a formula
            assert value.startswith("'"), (name, value)
            assert value[1:].startswith(formula_start), (name, value)


def test_composed_name_is_neutralised_too():
    row = formats.standard_row(_member("=cmd", "Smith"))
    assert row[0] == "'=cmd Smith"
    assert row[:3] == ["'=cmd Smith", "'=cmd", "Smith"]


def test_numbers_stay_numbers():
    assert formats.standard_row(_member("A", "B", lifetime_revenue="-100.00"))[-1] == "-100.00"
    assert formats.standard_row(_member("A", "B", lifetime_revenue="=1+1"))[-1] == "'=1+1"


def test_hashed_formats_hash_the_real_normalised_value():
    member = _member('=HYPERLINK("http://x","y")', "+1+1")
    meta = formats.meta_row(member)
    assert meta[2] == h("hyperlinkhttpxy")
    assert meta[3] == ""  # '+1+1' has no letters: an empty cell, not the hash of ''

    google = formats.google_row(member)
    assert google[2] == h('=hyperlink("http://x","y")')
    assert google[3] == h("+1+1")


@pytest.mark.parametrize(
    ("raw", "country", "expected"),
    [
        ("011 4555 1234", "AR", "+541145551234"),  # a country the old hand table did not know
        ("010-1234-5678", "KR", "+821012345678"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("0039 06 1234 5678", "DK", "+390612345678"),  # international prefix of the country
        ("011 44 20 7183 8750", "US", "+442071838750"),
        ("+1 (650) 555-1212", "DK", "+16505551212"),
    ],
)
def test_phone_e164_any_country(raw, country, expected):
    assert nz.phone_e164(raw, country) == expected


@pytest.mark.parametrize(
    ("region", "country", "expected"),
    [
        ("California", "US", "ca"),
        ("CA", "US", "ca"),
        (" new york ", "US", "ny"),
        ("Ontario", "CA", "on"),
        ("Western Australia", "AU", "wa"),
        ("Hovedstaden", "DK", "hovedstaden"),  # numbered subdivisions: letters of the name
        ("Somewhere Else", "US", "somewhereelse"),  # unknown name: letters as before
        ("Bayern", None, "bayern"),
        (None, "US", ""),
    ],
)
def test_meta_state(region, country, expected):
    assert nz.meta_state(region, country) == expected


def test_rules_1_are_the_old_rules():
    assert legacy.phone_e164("011 4555 1234", "AR") == ""
    assert legacy.meta_state("California", "US") == "california"
    member = _member("=cmd", "Smith")
    assert formats.standard_row(member, formats.RULES[1])[:3] == ["=cmd Smith", "=cmd", "Smith"]


def _load_fixture(db: Path) -> dict:
    """A warehouse holding only the export tables of a rules-1 snapshot, in their old DDL."""
    fixture = json.loads((FIXTURE / "snapshot.json").read_text())
    with duckdb.connect(str(db)) as con:
        for statement in fixture["ddl"]:
            con.execute(statement)
        for table in ("export_snapshots", "export_snapshot_members"):
            for row in fixture[table]:
                names = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                con.execute(f"insert into exports.{table} ({names}) values ({marks})", list(row.values()))
    return fixture


def test_old_snapshot_reexports_byte_identically(tmp_path, capsys):
    db = tmp_path / "old.duckdb"
    fixture = _load_fixture(db)
    snapshot_id = fixture["export_snapshots"][0]["snapshot_id"]
    with duckdb.connect(str(db), read_only=True) as con:
        columns = [r[0] for r in con.execute("describe exports.export_snapshots").fetchall()]
    assert "rendering_rules" not in columns  # really the table as the old code wrote it
    out = tmp_path / "exports"
    argv = ["--snapshot-id", snapshot_id, "--format", "standard,mailchimp,meta,google"]
    assert export_segments.main([*argv, "--duckdb-path", str(db), "--out", str(out)]) == 0
    written = sorted(p.name for p in (out / snapshot_id).iterdir())
    expected = sorted(p.name for p in (FIXTURE / "export").iterdir())
    assert written == expected
    for name in expected:
        assert (out / snapshot_id / name).read_bytes() == (FIXTURE / "export" / name).read_bytes(), name
    # The old, unguarded cells really are in the old files (the fixture is not already safe).
    assert b'"=HYPERLINK(' in (FIXTURE / "export" / "everyone.standard.csv").read_bytes()


def test_new_snapshot_in_an_old_table_uses_the_new_rules(tmp_path):
    """A warehouse with rules-1 snapshots takes new snapshots under rules 2; both re-export."""
    db = tmp_path / "old.duckdb"
    fixture = _load_fixture(db)
    with duckdb.connect(str(db)) as con:
        con.execute("create schema segments")
        con.execute("create schema marts")
        members = fixture["export_snapshot_members"]
        con.execute(
            """create table marts.dim_customers as select customer_id, first_name, last_name, full_name,
            email, phone, country_code, region, city, postal_code, cast(registered_date as date)
            as registered_date, true as accepts_marketing, ['vip'] as tags,
            cast(lifetime_revenue as decimal(18, 2)) as lifetime_revenue
            from exports.export_snapshot_members"""
        )
        create_export_fields_view(con)
        con.execute(
            "create table segments.segment_memberships as select 'everyone' as segment_name, customer_id, "
            "date '2026-07-31' as as_of_date, cast(null as varchar) as group_name "
            "from exports.export_snapshot_members"
        )
    out = tmp_path / "exports"
    assert (
        export_segments.main(
            ["--all", "--format", "standard,meta", "--duckdb-path", str(db), "--out", str(out)]
        )
        == 0
    )
    new_id = next(p.name for p in out.iterdir() if p.name != fixture["export_snapshots"][0]["snapshot_id"])
    manifest = json.loads((out / new_id / "manifest.json").read_text())
    assert manifest["rendering_rules"] == formats.CURRENT_RULES
    standard = (out / new_id / "everyone.standard.csv").read_text()
    for cell in ("'=HYPERLINK(", "'+1+1", "'@SUM(A1)", "'-2+3", ",-100.00\n"):
        assert cell in standard
    with duckdb.connect(str(db), read_only=True) as con:
        rules = dict(
            con.execute("select snapshot_id, rendering_rules from exports.export_snapshots").fetchall()
        )
    assert rules[new_id] == formats.CURRENT_RULES
    assert rules[fixture["export_snapshots"][0]["snapshot_id"]] is None
    again = tmp_path / "again"
    assert (
        export_segments.main(
            [
                "--snapshot-id",
                new_id,
                "--format",
                "standard,meta",
                "--duckdb-path",
                str(db),
                "--out",
                str(again),
            ]
        )
        == 0
    )
    for name in ("everyone.standard.csv", "everyone.meta.csv", "manifest.json"):
        assert (again / new_id / name).read_bytes() == (out / new_id / name).read_bytes()
    assert members  # the fixture carried members


def test_rfc4180_line_matches_the_csv_module_and_quotes_carriage_returns():
    import random

    rng = random.Random(12)  # noqa: S311 - test data, not security
    alphabet = ["a", "Z", " ", ",", '"', "\n", "'", "=", "é", "1"]
    for _ in range(2000):
        fields = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(4)]
        assert formats.rfc4180_line(fields) == legacy.csv_line(fields), fields
    line = formats.rfc4180_line(["a\rb", "c"])
    assert line == '"a\rb",c\n'
    assert list(csv.reader(io.StringIO(line, newline=""))) == [["a\rb", "c"]]
    assert legacy.csv_line(["a\rb", "c"]) == "a\rb,c\n"  # what rules 1 wrote
