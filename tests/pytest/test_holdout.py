"""Holdout groups (issue 15): the definition key, the assignment hash and the exports.

Fast: the language is checked in Python, the exports on hand-made DuckDB warehouses (as
test_exports.py does); one `dbt show` checks the SQL macro equals the Python copy of the hash.
The campaign results mart is tested end to end in test_campaign_results.py.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import export_segments
import pytest
from conftest import DbtProject
from segment_exports import warehouse as wh
from segment_exports.holdout import holdout_group, holdout_unit
from segment_lang.generate import definition_hash
from segment_lang.validate import SegmentDefinitionError, validate
from test_exports import ALL_FORMATS, MEMBERSHIPS, make_warehouse, only_export_dir

COLUMNS = {"orders_count": "number", "customer_group": "text"}
WHERE = {"orders_count": {"gte": 1}}


def _validate(holdout) -> dict:
    seg = {"name": "winback", "description": "d", "where": WHERE, "holdout": holdout}
    return validate({"segments": [seg]}, COLUMNS)["segments"][0]


# --- the definition ----------------------------------------------------------------------------------
def test_holdout_is_normalised_and_absent_without_one() -> None:
    assert _validate({"share": 0.1})["holdout"] == {"share": 0.1, "salt": ""}
    assert _validate({"share": 0.25, "salt": "2026-q3"})["holdout"] == {"share": 0.25, "salt": "2026-q3"}
    plain = validate({"segments": [{"name": "a", "description": "d", "where": WHERE}]}, COLUMNS)
    # a segment without holdout has no key, so its definition hash (and exports) stay as before
    assert "holdout" not in plain["segments"][0]
    assert definition_hash(plain["segments"][0]) == definition_hash(
        {
            "name": "a",
            "description": "d",
            "owner": None,
            "requires_consent": True,
            "group": None,
            "group_priority": None,
            "where": WHERE,
        }
    )


@pytest.mark.parametrize(
    ("holdout", "path", "message"),
    [
        ({"share": 0}, "segments[0].holdout.share", "strictly between 0 and 1"),
        ({"share": 1}, "segments[0].holdout.share", "strictly between 0 and 1"),
        ({"share": 1.5}, "segments[0].holdout.share", "strictly between 0 and 1"),
        ({"share": -0.1}, "segments[0].holdout.share", "strictly between 0 and 1"),
        ({"share": "0.1"}, "segments[0].holdout.share", "expected a number in (0, 1), got text"),
        ({"share": True}, "segments[0].holdout.share", "got boolean"),
        ({"share": None}, "segments[0].holdout.share", "got null"),
        ({}, "segments[0].holdout.share", "missing the control group share"),
        ({"share": 0.1, "size": 3}, "segments[0].holdout.size", "unknown key 'size'"),
        ({"share": 0.1, "salt": 7}, "segments[0].holdout.salt", "expected text"),
        (0.1, "segments[0].holdout", "expected a mapping"),
    ],
)
def test_bad_holdout_names_segment_and_key_path(holdout, path: str, message: str) -> None:
    with pytest.raises(SegmentDefinitionError) as info:
        _validate(holdout)
    (issue,) = info.value.issues
    assert issue.path == path
    assert message in issue.message
    assert issue.segment == "winback"
    assert f"{path}: " in str(info.value)
    assert "(segment 'winback')" in str(info.value)


# --- the assignment ----------------------------------------------------------------------------------
def test_python_hash_is_the_documented_formula() -> None:
    # md5 of 'winback|s|c1': its first 13 hex digits / 16^13
    import hashlib

    digest = hashlib.md5(b"winback|s|c1", usedforsecurity=False).hexdigest()
    assert holdout_unit("winback", "s", "c1") == int(digest[:13], 16) / 16**13
    assert holdout_unit("winback", None, "c1") == holdout_unit("winback", "", "c1")
    assert holdout_unit("winback", "s", "c1") != holdout_unit("winback", "t", "c1")  # a new salt redraws


def test_share_within_three_standard_errors_on_100k_customers() -> None:
    n = 100_000
    for share, name, salt in ((0.1, "winback", ""), (0.2, "retail_summer_campaign", "summer-2026")):
        control = sum(holdout_group(name, salt, f"C{i:07d}", share) == "control" for i in range(n))
        se = math.sqrt(share * (1 - share) / n)
        assert abs(control / n - share) < 3 * se, (name, control / n)


def test_sql_macro_equals_python_on_a_sample(dbt_project: DbtProject) -> None:
    """The dbt macro segment_holdout_unit (what segment_holdout_assignments computes) gives the same
    number as holdout.py for 2,000 ids, including a quote and non-ASCII text."""
    sql = (
        "select customer_id, {{ segment_holdout_unit(\"'o''brien_ø'\", \"'salt'\", 'customer_id') }} as unit "
        "from (select 'C' || lpad(cast(i as varchar), 7, '0') as customer_id from range(2000) as r(i)) as ids"
    )
    args = ["show", "--inline", sql, "--limit", "-1", "--output", "json", "--log-format", "json"]
    run = dbt_project.run(args)
    rows = None
    for line in run.stdout.splitlines():
        event = json.loads(line)
        preview = event.get("data", {}).get("preview")
        if preview:
            rows = json.loads(preview)
    assert rows is not None
    assert len(rows) == 2000
    for row in rows:
        assert row["unit"] == holdout_unit("o'brien_ø", "salt", row["customer_id"]), row


# --- exports -----------------------------------------------------------------------------------------
HOLDOUT_MEMBERS = [f"h{i:03d}" for i in range(200)]


def add_holdout_segment(db: Path, share: float = 0.3, salt: str = "s1", reverse: bool = False) -> None:
    """Give the hand-made warehouse a consent-free segment 'promo' (200 members, two customers of
    test_exports.CUSTOMERS among them), the holdout columns of segment_definitions and the
    assignment table dbt builds (computed here with holdout.py, equal to the macro)."""
    with duckdb.connect(str(db)) as con:
        con.execute("alter table segments.segment_definitions add column holdout_share double")
        con.execute("alter table segments.segment_definitions add column holdout_salt varchar")
        con.execute(
            "insert into segments.segment_definitions (segment_name, description, owner, requires_consent, "
            "group_name, definition_json, definition_hash, holdout_share, holdout_salt) "
            "values ('promo', 'd', 'crm', true, null, '{}', 'hash-promo', ?, ?)",
            [share, salt],
        )
        con.execute(
            "insert into marts.dim_customers select 'h' || lpad(cast(i as varchar), 3, '0'), 'F', 'L', "
            "'F L', "
            "'h' || cast(i as varchar) || '@example.com', null, 'DK', null, null, null, date '2024-01-01', "
            "i % 10 <> 0, [], 1.00, 1 from range(200) as r(i)"
        )
        members = sorted(HOLDOUT_MEMBERS, reverse=reverse)
        con.executemany(
            "insert into segments.segment_memberships values ('promo', ?, date '2026-06-30', null)",
            [[m] for m in members],
        )
        con.execute(
            "create table segments.segment_holdout_assignments (segment_name varchar, customer_id varchar, "
            "holdout_group varchar, holdout_share double, holdout_unit double, as_of_date date)"
        )
        con.executemany(
            "insert into segments.segment_holdout_assignments "
            "values ('promo', ?, ?, ?, ?, date '2026-06-30')",
            [
                [m, holdout_group("promo", salt, m, share), share, holdout_unit("promo", salt, m)]
                for m in members
            ],
        )


def export(db: Path, out: Path, *args: str) -> int:
    return export_segments.main(["--duckdb-path", str(db), "--out", str(out), *args])


def frozen_groups(db: Path, snapshot_id: str | None = None) -> dict[str, str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select customer_id, holdout_group from exports.export_snapshot_holdout_members "
            "where snapshot_id = coalesce(?, (select max(snapshot_id) from exports.export_snapshots))",
            [snapshot_id],
        ).fetchall()
    return dict(rows)


def test_control_never_in_a_file_and_counts_in_manifest_and_table(tmp_path: Path) -> None:
    db = make_warehouse(tmp_path / "w.duckdb")
    add_holdout_segment(db)
    out = tmp_path / "out"
    assert export(db, out, "--segment", "promo", *ALL_FORMATS) == 0
    folder = only_export_dir(out)
    groups = frozen_groups(db, folder.name)
    consenting = [m for m in HOLDOUT_MEMBERS if int(m[1:]) % 10 != 0]
    # consent first: a member without consent is in neither group
    assert sorted(groups) == consenting
    expected = {m: holdout_group("promo", "s1", m, 0.3) for m in consenting}
    assert groups == expected
    control = {m for m, g in groups.items() if g == "control"}
    treatment = {m for m, g in groups.items() if g == "treatment"}
    assert control
    assert treatment
    standard = (folder / "promo.standard.csv").read_text()
    assert {line.split(",")[3].split("@")[0] for line in standard.splitlines()[1:]} == {
        "h" + str(int(m[1:])) for m in treatment
    }
    for file in folder.glob("*.csv"):
        text = file.read_text()
        for m in control:
            assert f"h{int(m[1:])}@" not in text
    with duckdb.connect(str(db), read_only=True) as con:
        sent_rows = con.execute("select customer_id from exports.export_snapshot_members").fetchall()
        row = con.execute(
            "select member_count, excluded_without_consent, row_count, treatment_count, control_count, "
            "holdout_share, holdout_salt from exports.export_snapshots where segment_name = 'promo'"
        ).fetchone()
    assert {r[0] for r in sent_rows} == treatment
    assert row == (200, 20, len(treatment), len(treatment), len(control), 0.3, "s1")
    manifest = json.loads((folder / "manifest.json").read_text())
    (entry,) = manifest["segments"]
    assert entry["treatment_count"] == len(treatment)
    assert entry["control_count"] == len(control)
    assert entry["holdout_share"] == 0.3
    assert entry["row_count"] == len(treatment)
    assert "campaign_cost" not in entry


def test_groups_stable_across_reexports_row_order_and_other_segments(tmp_path: Path) -> None:
    a = make_warehouse(tmp_path / "a.duckdb")
    add_holdout_segment(a)
    b = make_warehouse(tmp_path / "b.duckdb")
    add_holdout_segment(b, reverse=True)  # members inserted in the opposite order
    assert export(a, tmp_path / "oa", "--segment", "promo") == 0
    assert export(a, tmp_path / "oa2", "--all") == 0  # again, with every other segment
    assert export(b, tmp_path / "ob", "--all") == 0
    with duckdb.connect(str(a), read_only=True) as con:
        ids = con.execute("select distinct snapshot_id from exports.export_snapshots order by 1").fetchall()
    first, second = [r[0] for r in ids]
    assert frozen_groups(a, first) == frozen_groups(a, second) == frozen_groups(b)
    # a re-export of the snapshot is byte-identical
    assert export(a, tmp_path / "re", "--snapshot-id", first) == 0
    original = only_export_dir(tmp_path / "oa")
    again = only_export_dir(tmp_path / "re")
    for file in original.iterdir():
        assert (again / file.name).read_bytes() == file.read_bytes()


def test_segments_without_holdout_export_as_before(tmp_path: Path) -> None:
    plain = make_warehouse(tmp_path / "plain.duckdb")
    mixed = make_warehouse(tmp_path / "mixed.duckdb")
    add_holdout_segment(mixed)
    names = sorted({name for name, _ in MEMBERSHIPS} | {"nobody"})
    args = [a for n in names for a in ("--segment", n)]
    assert export(plain, tmp_path / "p", *args, *ALL_FORMATS) == 0
    assert export(mixed, tmp_path / "m", *args, "--segment", "promo", *ALL_FORMATS) == 0
    p, m = only_export_dir(tmp_path / "p"), only_export_dir(tmp_path / "m")
    for file in p.glob("*.csv"):
        assert (m / file.name).read_bytes() == file.read_bytes()
    pm = json.loads((p / "manifest.json").read_text())
    mm = json.loads((m / "manifest.json").read_text())
    assert pm["segments"] == [s for s in mm["segments"] if s["segment"] != "promo"]
    with duckdb.connect(str(mixed), read_only=True) as con:
        assert con.execute(
            "select count(*) from exports.export_snapshot_holdout_members where segment_name <> 'promo'"
        ).fetchone() == (0,)
        assert con.execute(
            "select count(*) from exports.export_snapshots where segment_name <> 'promo' and "
            "(holdout_share is not null or treatment_count is not null or control_count is not null)"
        ).fetchone() == (0,)


def test_campaign_cost_is_stored_and_bad_costs_name_the_flag(tmp_path: Path, capsys) -> None:
    db = make_warehouse(tmp_path / "w.duckdb")
    add_holdout_segment(db)
    out = tmp_path / "out"
    assert export(db, out, "--segment", "promo", "--campaign-cost", "1500.5") == 0
    manifest = json.loads((only_export_dir(out) / "manifest.json").read_text())
    assert manifest["segments"][0]["campaign_cost"] == "1500.50"
    with duckdb.connect(str(db), read_only=True) as con:
        (cost,) = con.execute("select campaign_cost from exports.export_snapshots").fetchone()
    assert str(cost) == "1500.50"
    capsys.readouterr()
    for bad in ("-1", "abc", "nan", "inf", "1.234", ""):
        with pytest.raises(SystemExit) as info:
            export(db, out, "--segment", "promo", "--campaign-cost", bad)
        assert info.value.code == 2
        assert "argument --campaign-cost" in capsys.readouterr().err
    assert export(db, out, "--all", "--campaign-cost", "10") == 2
    assert "--campaign-cost" in capsys.readouterr().err


def test_holdout_without_assignment_table_is_a_clear_error(tmp_path: Path, capsys) -> None:
    db = make_warehouse(tmp_path / "w.duckdb")
    add_holdout_segment(db)
    with duckdb.connect(str(db)) as con:
        con.execute("drop table segments.segment_holdout_assignments")
    assert export(db, tmp_path / "out", "--segment", "promo") == 2
    assert "segment_holdout_assignments" in capsys.readouterr().err
    with duckdb.connect(str(db), read_only=True) as con:
        assert wh._relation_columns(con, "exports", "export_snapshot_members") == {}
