"""Segment history: snapshots + history marts after builds at two as_of dates, and an export of
the dbt-built warehouse. One module-scoped warehouse; three dbt builds in total. The exact
snapshot rows (no-change rebuilds, same-day corrections, backdated builds) are checked on
hand-made data in test_history_snapshot_time.py."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import duckdb
import export_segments
import pytest
from conftest import DbtProject

pytestmark = pytest.mark.dbt

AS_OF_A = "2026-03-31"
AS_OF_B = "2026-06-30"
SNAPSHOTS = ("snapshots.segment_memberships_snapshot", "snapshots.segment_history_builds_snapshot")


def memberships(project: DbtProject) -> set[tuple[str, str]]:
    return set(project.query("select segment_name, customer_id from segments.segment_memberships"))


def snapshot_counts(project: DbtProject) -> dict[str, int]:
    return {name: project.query(f"select count(*) from {name}")[0][0] for name in SNAPSHOTS}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory):
    """Build at as_of A, remember the members, build at as_of B (snapshots included)."""
    project = DbtProject(tmp_path_factory.mktemp("history"))
    project.run(["build"], vars={"as_of_date": AS_OF_A})
    at_a = memberships(project)
    project.run(["build"], vars={"as_of_date": AS_OF_B})
    at_b = memberships(project)
    return project, at_a, at_b


def test_two_as_of_dates_change_membership(history):
    _, at_a, at_b = history
    assert at_a
    assert at_b
    assert at_a - at_b, "the demo should have customers leaving a segment between the dates"
    assert at_b - at_a, "the demo should have customers entering a segment between the dates"


def test_membership_history_follows_the_as_of_dates(history):
    project, at_a, at_b = history
    rows = project.query(
        "select segment_name, customer_id, stay_number, is_current, entered_date, exited_date, "
        "entered_at, exited_at from marts.segment_membership_history"
    )
    a, b = date.fromisoformat(AS_OF_A), date.fromisoformat(AS_OF_B)
    current = {(s, c) for s, c, _, is_current, *_ in rows if is_current}
    assert current == at_b
    assert {(s, c) for s, c, _, _, entered, *_ in rows if entered == a} == at_a
    assert {(s, c) for s, c, _, _, entered, *_ in rows if entered == b} == at_b - at_a
    assert {(s, c) for s, c, _, _, _, exited, *_ in rows if exited is not None} == at_a - at_b
    for _, _, stay, is_current, entered, exited, entered_at, exited_at in rows:
        assert stay == 1
        assert entered_at.date() == entered
        assert entered_at.time().isoformat() == "00:00:00"  # the snapshot time is the as_of date
        assert (exited is None) == is_current
        if exited is not None:
            assert exited == b
            assert exited_at.date() == b


def test_events_and_sizes(history):
    project, at_a, at_b = history
    events = Counter(
        project.query("select event_type, event_date, is_first_entry from marts.segment_membership_events")
    )
    a, b = date.fromisoformat(AS_OF_A), date.fromisoformat(AS_OF_B)
    assert events == Counter(
        {
            ("entered", a, True): len(at_a),
            ("entered", b, True): len(at_b - at_a),
            ("exited", b, False): len(at_a - at_b),
        }
    )
    sizes = {
        (segment, snapshot_date): (members, entered, exited)
        for segment, snapshot_date, members, entered, exited in project.query(
            "select segment_name, snapshot_date, members_count, entered_count, exited_count "
            "from marts.segment_size_history"
        )
    }
    for segment in {s for s, _ in at_a | at_b}:
        in_a = {c for s, c in at_a if s == segment}
        in_b = {c for s, c in at_b if s == segment}
        if in_a:
            assert sizes[(segment, a)] == (len(in_a), len(in_a), 0)
        assert sizes[(segment, b)] == (len(in_b), len(in_b - in_a), len(in_a - in_b))


def test_export_of_the_dbt_built_warehouse(history, tmp_path):
    project, _, at_b = history
    out = tmp_path / "exports"
    args = ["--duckdb-path", str(project.db_path), "--out", str(out), "--all", "--format", "standard,meta"]
    assert export_segments.main(args) == 0
    (folder,) = list(out.iterdir())
    manifest = json.loads((folder / "manifest.json").read_text())
    consenting = {
        (s, c)
        for s, c in project.query(
            "select m.segment_name, m.customer_id from segments.segment_memberships as m "
            "inner join marts.dim_customers as c on c.customer_id = m.customer_id where c.accepts_marketing"
        )
    }
    rules = dict(
        project.query(
            "select segment_name, coalesce(requires_consent, true) from segments.segment_definitions"
        )
    )
    # segments with a holdout (docs/measurement.md) send their treatment group only
    holdout_sql = "select segment_name from segments.segment_definitions where holdout_share > 0"
    holdout = {s for (s,) in project.query(holdout_sql)}
    treatment = set(
        project.query(
            "select segment_name, customer_id from segments.segment_holdout_assignments "
            "where holdout_group = 'treatment'"
        )
    )
    assert holdout, "the demo segments include one with a holdout"
    for seg in manifest["segments"]:
        name = seg["segment"]
        members = {c for s, c in at_b if s == name}
        expected = {c for s, c in consenting if s == name} if rules.get(name, True) else members
        if name in holdout:
            eligible = len(expected)
            expected = {c for c in expected if (name, c) in treatment}
            assert seg["treatment_count"] == len(expected)
            assert seg["control_count"] == eligible - len(expected)
        assert seg["as_of_date"] == AS_OF_B
        assert seg["member_count"] == len(members)
        assert seg["row_count"] == len(expected)
        lines = (folder / f"{name}.standard.csv").read_bytes().splitlines()
        assert len(lines) == len(expected) + 1
    # re-export of the same id from the same warehouse is byte-identical
    again = tmp_path / "again"
    assert export_segments.main(["--duckdb-path", str(project.db_path), "--out", str(again),
                                 "--snapshot-id", folder.name, "--format", "standard,meta"]) == 0  # fmt: skip
    for path in folder.iterdir():
        assert (again / folder.name / path.name).read_bytes() == path.read_bytes()
    with duckdb.connect(str(project.db_path), read_only=True) as con:
        assert con.execute("select count(distinct snapshot_id) from exports.export_snapshots").fetchone() == (
            1,
        )


def test_deleted_customer_is_closed_out_not_dropped(history):
    """Last in this module: it changes the raw data. A customer in a segment since as_of A is
    deleted from the shop; a rebuild (same as_of B, raw tables from a copy without them) closes
    the stay at B and keeps every snapshot row."""
    project, at_a, at_b = history
    segment, customer = sorted(at_a & at_b)[0]
    with duckdb.connect(str(project.db_path)) as con:
        con.execute("create schema shop_copy")
        for (table,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
        ).fetchall():
            con.execute(f"create table shop_copy.{table} as select * from raw.{table}")
        con.execute("delete from shop_copy.customers where customer_id = ?", [customer])
    before = snapshot_counts(project)
    project.run(["build"], vars={"as_of_date": AS_OF_B, "raw_schema": "shop_copy"})
    assert customer not in {c for _, c in memberships(project)}
    stays = project.query(
        "select segment_name, is_current, entered_date, exited_date from marts.segment_membership_history "
        f"where customer_id = '{customer}'"
    )
    b = date.fromisoformat(AS_OF_B)
    assert (segment, False, date.fromisoformat(AS_OF_A), b) in stays
    assert all(not is_current and exited == b for _, is_current, _, exited in stays)
    after = snapshot_counts(project)
    assert all(after[name] >= before[name] for name in SNAPSHOTS)  # nothing dropped
    # one snapshot row per stay: the customer's rows are closed at B, none open; entries at B
    # itself were withdrawn by the same-day rebuild (zero-length rows, no stay)
    assert project.query(
        "select count(*) filter (where dbt_valid_to = timestamp '" + AS_OF_B + "' "
        "and dbt_valid_from < dbt_valid_to), count(*) filter (where dbt_valid_to is null) "
        f"from snapshots.segment_memberships_snapshot where customer_id = '{customer}'"
    ) == [(len(stays), 0)]
