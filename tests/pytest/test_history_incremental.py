"""Segment history over a sequence of builds: the three history marts equal an independent
re-computation in Python from what the segments said at each as_of date, after every build.

(The file name is historical: the marts were once incremental. They are now plain tables over
the membership snapshot, one snapshot row per stay, so the check is against a Python model of
the semantics: a stay runs over consecutive built as_of dates at which the pair was a member,
and when several builds ran at one as_of date, the last one is that date's result.)

Runs on the hand-made mini project of test_history_snapshot_time.py (this repo's snapshots,
history marts and macros over stub tables the test edits between builds): members entering,
leaving and re-entering, group changes, a deleted customer, and same-day rebuilds after data
corrections (a new member withdrawn, an exit withdrawn, a re-entry withdrawn, a group change
undone, a member added at the same date).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from test_history_snapshot_time import MiniProject

pytestmark = pytest.mark.dbt

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
            # same-day correction: c4 never entered vip (its only row is withdrawn), c3's group
            # change is undone, c6 enters vip at the same date
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
            # same-day correction: c2's re-entry is withdrawn (stay 2 vanishes, stay 1 stays) and
            # so is c1's exit (c1's first stay goes on)
            "delete from stub.memberships where segment_name = 'vip' and customer_id = 'c2'",
            "insert into stub.memberships values ('vip', 'c1', null)",
        ],
    ),
    (
        "2026-09-30",
        [
            # c2 re-enters again (stay 2 at the new date), c1 leaves all
            "insert into stub.memberships values ('vip', 'c2', null)",
            "delete from stub.memberships where segment_name = 'all' and customer_id = 'c1'",
        ],
    ),
    ("2026-10-31", []),  # no change: only a new build date
]


def expected_stays(day_results: dict[str, set[tuple[str, str]]]) -> list[tuple]:
    """(segment, customer, stay_number, entered, exited) from each as_of date's last result."""
    stays, number, open_since = [], defaultdict(int), {}
    for as_of in sorted(day_results):
        members = day_results[as_of]
        for pair in sorted(members - open_since.keys()):
            open_since[pair] = as_of
        for pair in sorted(open_since.keys() - members):
            number[pair] += 1
            stays.append((*pair, number[pair], open_since.pop(pair), as_of))
    for pair, entered in open_since.items():
        number[pair] += 1
        stays.append((*pair, number[pair], entered, None))
    return sorted(stays)


def expected_events(stays: list[tuple]) -> list[tuple]:
    entered = [(s, c, "entered", n, n == 1, e) for s, c, n, e, _ in stays]
    exited = [(s, c, "exited", n, False, x) for s, c, n, _, x in stays if x is not None]
    return sorted(entered + exited)


def expected_sizes(stays: list[tuple], built: list[str]) -> list[tuple]:
    rows = []
    for segment in {s for s, *_ in stays}:
        of_segment = [stay for stay in stays if stay[0] == segment]
        first = min(e for *_, e, _ in of_segment)
        for day in (d for d in built if d >= first):
            members = sum(1 for *_, e, x in of_segment if e <= day and (x is None or x > day))
            entered = sum(1 for *_, e, _ in of_segment if e == day)
            exited = sum(1 for *_, x in of_segment if x == day)
            rows.append((segment, day, members, entered, exited))
    return sorted(rows)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> MiniProject:
    project = MiniProject(tmp_path_factory.mktemp("history_steps"))
    project.execute(
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
    return project


def test_history_equals_a_recomputation_after_every_build(project):
    day_results: dict[str, set[tuple[str, str]]] = {}
    for as_of, statements in STEPS:
        project.execute(*statements)
        project.run(["build", "--exclude-resource-type", "unit_test"], vars={"as_of_date": as_of})
        day_results[as_of] = set(project.query("select segment_name, customer_id from stub.memberships"))
        stays = expected_stays(day_results)
        history = project.query(
            "select segment_name, customer_id, stay_number, entered_date::varchar, exited_date::varchar "
            "from marts.segment_membership_history order by all"
        )
        assert history == stays, f"segment_membership_history after the build at {as_of}"
        assert project.query(
            "select count(*) filter (where is_current <> (exited_at is null)) "
            "+ count(*) filter (where entered_at <> entered_date or exited_at <> exited_date) "
            "from marts.segment_membership_history"
        ) == [(0,)]
        events = project.query(
            "select segment_name, customer_id, event_type, stay_number, is_first_entry, event_date::varchar "
            "from marts.segment_membership_events order by all"
        )
        assert events == expected_events(stays), f"segment_membership_events after the build at {as_of}"
        sizes = project.query(
            "select segment_name, snapshot_date::varchar, members_count, entered_count, exited_count "
            "from marts.segment_size_history order by all"
        )
        assert sizes == expected_sizes(stays, sorted(day_results)), f"segment_size_history at {as_of}"

    assert stays == [
        ("all", "c1", 1, "2026-06-30", "2026-09-30"),
        ("all", "c2", 1, "2026-06-30", None),
        ("all", "c3", 1, "2026-06-30", None),
        ("all", "c5", 1, "2026-06-30", "2026-07-31"),  # deleted customer: closed, kept
        ("all", "c6", 1, "2026-06-30", None),
        ("all", "c7", 1, "2026-07-31", None),
        ("vip", "c1", 1, "2026-06-30", None),  # the exit at 08-31 was withdrawn the same day
        ("vip", "c2", 1, "2026-06-30", "2026-07-31"),
        ("vip", "c2", 2, "2026-09-30", None),  # the withdrawn re-entry at 08-31 left no stay
        ("vip", "c3", 1, "2026-06-30", None),  # group changes: one stay
        ("vip", "c5", 1, "2026-06-30", "2026-07-31"),
        ("vip", "c6", 1, "2026-07-31", None),  # entered in the same-day rebuild; c4 is gone
    ]

    # The snapshot is the history: one row per stay, plus a zero-length row per withdrawn entry
    # (c4 at 07-31, c2 at 08-31) and a second row per withdrawn exit (c1 at 08-31). A group
    # change opens no row.
    snapshot = project.query(
        "select segment_name, customer_id, dbt_valid_from::date::varchar, dbt_valid_to::date::varchar "
        "from snapshots.segment_memberships_snapshot order by all"
    )
    zero_length = [row for row in snapshot if row[2] == row[3]]
    assert sorted((s, c) for s, c, *_ in zero_length) == [("vip", "c2"), ("vip", "c4")]
    assert len(snapshot) == len(stays) + len(zero_length) + 1
    assert [row for row in snapshot if row[:2] == ("vip", "c1")] == [
        ("vip", "c1", "2026-06-30", "2026-08-31"),
        ("vip", "c1", "2026-08-31", None),
    ]
    assert project.query(
        "select max(dbt_valid_from)::date from snapshots.segment_history_builds_snapshot"
    ) == [(date(2026, 10, 31),)]
