"""Incremental segment history: a sequence of builds at several as_of dates gives the same
segment_membership_history, segment_membership_events and segment_size_history as a
--full-refresh of those models over the same snapshot, and an incremental run rewrites only the
pairs whose snapshot versions changed (docs/performance.md, "Incremental segment history").

Runs on the hand-made mini project of test_history_snapshot_time.py (this repo's snapshots,
history marts and macros over stub tables the test edits between builds): members entering,
leaving and re-entering, group changes, a deleted customer, and same-day rebuilds after data
corrections (a new member withdrawn, a re-entry withdrawn, a group change undone, a member added
at the watermark's own date). After every build the warehouse is copied and the three models are
rebuilt there with --full-refresh; the tables must be equal row by row (loaded_at aside).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_history_snapshot_time import MiniProject

pytestmark = pytest.mark.dbt

MODELS = ("segment_membership_history", "segment_membership_events", "segment_size_history")
COLUMNS = {
    "segment_membership_history": "membership_id, segment_name, customer_id, stay_number, is_current, "
    "entered_date, exited_date, entered_at, exited_at",
    "segment_membership_events": "event_id, membership_id, segment_name, customer_id, event_type, "
    "stay_number, is_first_entry, event_date, event_at",
    "segment_size_history": "segment_size_id, segment_name, members_count, entered_count, exited_count, "
    "snapshot_date, snapshot_at",
}

# (as_of, statements applied to the stub tables before the build)
STEPS = [
    ("2026-06-30", []),
    (
        "2026-07-31",
        [
            # c2 leaves vip, c3 changes group, c4 enters vip, c5 is deleted, c7 enters all
            "delete from stub.memberships where segment_name = 'vip' and customer_id = 'c2'",
            "update stub.memberships set group_name = 'b' where segment_name = 'vip' and customer_id = 'c3'",
            "insert into stub.memberships values ('vip', 'c4', null), ('all', 'c7', null)",
            "delete from stub.memberships where customer_id = 'c5'",
            "delete from stub.customers where customer_id = 'c5'",
        ],
    ),
    (
        "2026-07-31",
        [
            # same-day correction: c4 never entered vip (the pair vanishes), c3's group change is
            # undone (a new version at the same date), c6 enters vip at the watermark's date
            "delete from stub.memberships where segment_name = 'vip' and customer_id = 'c4'",
            "update stub.memberships set group_name = 'a' where segment_name = 'vip' and customer_id = 'c3'",
            "insert into stub.memberships values ('vip', 'c6', null)",
        ],
    ),
    (
        "2026-08-31",
        [
            # c2 re-enters vip (stay 2), c1 leaves vip
            "insert into stub.memberships values ('vip', 'c2', null)",
            "delete from stub.memberships where segment_name = 'vip' and customer_id = 'c1'",
        ],
    ),
    (
        "2026-08-31",
        [
            # same-day correction: c2's re-entry is withdrawn (stay 2 vanishes, stay 1 stays)
            "delete from stub.memberships where segment_name = 'vip' and customer_id = 'c2'",
        ],
    ),
    (
        "2026-09-30",
        [
            # c2 re-enters again (stay 2 at the new date), c1 comes back (stay 2)
            "insert into stub.memberships values ('vip', 'c2', null), ('vip', 'c1', null)",
        ],
    ),
    ("2026-10-31", []),  # no change: only a new build date
]


def rows(project: MiniProject, model: str) -> list[tuple]:
    return project.query(f"select {COLUMNS[model]} from marts.{model} order by all")


def rewritten_pairs(project: MiniProject, model: str) -> set[tuple[str, str]]:
    """The (segment, customer) pairs written by the latest run of an incremental model."""
    return set(
        project.query(
            f"select distinct segment_name, customer_id from marts.{model} "
            f"where loaded_at = (select max(loaded_at) from marts.{model})"
        )
    )


def full_refresh(incremental: MiniProject, reference: MiniProject) -> None:
    """reference = a copy of the incremental warehouse with the three models rebuilt from scratch."""
    for suffix in ("", ".wal"):
        src = Path(str(incremental.db_path) + suffix)
        dst = Path(str(reference.db_path) + suffix)
        dst.unlink(missing_ok=True)
        if src.exists():
            shutil.copy(src, dst)
    reference.run(["run", "--full-refresh", "-s", *MODELS], vars={"as_of_date": "2026-06-30"})


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> tuple[MiniProject, MiniProject]:
    incremental = MiniProject(tmp_path_factory.mktemp("history_incremental"))
    reference = MiniProject(tmp_path_factory.mktemp("history_full_refresh"))
    incremental.execute(
        "create schema stub",
        """create table stub.customers as
        select
            'c' || i as customer_id, 'First' as first_name, 'Last' as last_name, 'First Last' as full_name,
            'c' || i || '@example.com' as email, null::varchar as phone, 'DK' as country_code,
            null::varchar as region, null::varchar as city, null::varchar as postal_code,
            date '2025-01-01' as registered_date, true as accepts_marketing, ['x']::varchar[] as tags,
            10.00::decimal(18, 2) as lifetime_revenue
        from range(1, 8) as t(i)""",
        """create table stub.memberships as select * from (values
            ('vip', 'c1', null::varchar), ('vip', 'c2', null), ('vip', 'c3', 'a'), ('vip', 'c5', null),
            ('all', 'c1', null), ('all', 'c2', null), ('all', 'c3', null), ('all', 'c5', null),
            ('all', 'c6', null)
        ) as t(segment_name, customer_id, group_name)""",
        """create table stub.definitions as select * from (values
            ('vip', true, 'h1'), ('all', false, 'h2')
        ) as t(segment_name, requires_consent, definition_hash)""",
    )
    return incremental, reference


def test_incremental_history_equals_full_refresh(projects):
    incremental, reference = projects
    rewritten, latest_load = [], []
    for as_of, statements in STEPS:
        incremental.execute(*statements)
        incremental.run(["build", "--exclude-resource-type", "unit_test"], vars={"as_of_date": as_of})
        full_refresh(incremental, reference)
        for model in MODELS:
            assert rows(incremental, model) == rows(reference, model), f"{model} after the build at {as_of}"
        rewritten.append(rewritten_pairs(incremental, "segment_membership_history"))
        latest_load.append(incremental.query("select max(loaded_at) from marts.segment_membership_history"))
        assert rewritten_pairs(incremental, "segment_membership_events") == rewritten[-1]

    history = incremental.query(
        "select segment_name, customer_id, stay_number, entered_date::varchar, exited_date::varchar "
        "from marts.segment_membership_history order by all"
    )
    assert history == [
        ("all", "c1", 1, "2026-06-30", None),
        ("all", "c2", 1, "2026-06-30", None),
        ("all", "c3", 1, "2026-06-30", None),
        ("all", "c5", 1, "2026-06-30", "2026-07-31"),  # deleted customer: closed, kept
        ("all", "c6", 1, "2026-06-30", None),
        ("all", "c7", 1, "2026-07-31", None),
        ("vip", "c1", 1, "2026-06-30", "2026-08-31"),
        ("vip", "c1", 2, "2026-09-30", None),
        ("vip", "c2", 1, "2026-06-30", "2026-07-31"),
        ("vip", "c2", 2, "2026-09-30", None),  # the withdrawn re-entry at 08-31 left no stay
        ("vip", "c3", 1, "2026-06-30", None),  # group changes: one stay
        ("vip", "c5", 1, "2026-06-30", "2026-07-31"),
        ("vip", "c6", 1, "2026-07-31", None),  # entered in the same-day rebuild; c4 is gone
    ]

    # What each run rewrote. The first build wrote every pair. Later runs recompute the pairs
    # with a version opened after the latest snapshot time loaded (the watermark), or closed at
    # or after it (so the exits at the watermark's date are recomputed once more), plus pairs
    # opened at the watermark's date that are not current in the loaded history.
    everything = {(s, c) for s, c, *_ in history}
    assert rewritten[0] == everything - {("vip", "c6"), ("all", "c7")}
    assert rewritten[1] == {
        ("vip", "c2"),
        ("vip", "c3"),
        ("vip", "c4"),
        ("vip", "c5"),
        ("all", "c5"),
        ("all", "c7"),
    }
    # same day: c4's pair vanished (deleted by the post-hook), c6 entered at the watermark's date,
    # c3's group change was undone; c7 (entered at 07-31, current) is not touched again
    assert rewritten[2] == {("vip", "c2"), ("vip", "c3"), ("vip", "c5"), ("all", "c5"), ("vip", "c6")}
    closed_at_0731 = {("vip", "c2"), ("vip", "c3"), ("vip", "c5"), ("all", "c5")}
    assert rewritten[3] == closed_at_0731 | {("vip", "c1")}
    assert rewritten[4] == {("vip", "c1"), ("vip", "c2")}
    assert rewritten[5] == {("vip", "c1"), ("vip", "c2")}
    # no change at 10-31: the run wrote nothing
    assert latest_load[6] == latest_load[5]
    for pairs in rewritten[1:]:
        assert pairs < everything | {("vip", "c4")}  # never every pair
