"""The snapshot clock on hand-made data: a tiny dbt project made of this repo's real snapshots,
history marts and macros, with the three upstream models replaced by stubs over tables the test
edits between builds. Checks exact snapshot rows for: first build, no-change rebuild, a later
as_of, a same-day correction, a deleted customer and a backdated build."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import DBT, REPO, DbtProject, DbtRun

pytestmark = pytest.mark.dbt

STUBS = {
    "models/segments/segment_memberships.sql": (
        "select segment_name, customer_id, {{ as_of_date() }} as as_of_date, group_name from stub.memberships"
    ),
    "models/segments/segment_definitions.sql": "select * from stub.definitions",
    "models/marts/dim_customers.sql": "select * from stub.customers",
    # snapshots/_snapshots.yml also snapshots the fitted prediction parameters (tested in
    # test_predictions.py); a one-row stand-in keeps that snapshot parseable here.
    "models/marts/customer_prediction_models.sql": (
        "select 'bg_nbd' as model, {{ as_of_date() }} as as_of_date, {{ run_loaded_at() }} as loaded_at"
    ),
}


class MiniProject(DbtProject):
    """DbtProject pointed at a throw-away copy holding only the history parts of this repo."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        self.project_dir = workdir / "project"
        for rel in (
            "dbt_project.yml",
            "profiles.yml",
            "snapshots/_snapshots.yml",
            "models/_columns__docs.md",
        ):
            (self.project_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / rel, self.project_dir / rel)
        for rel in ("macros/history", "macros/engines", "models/marts/segment_history", "tests/generic"):
            shutil.copytree(REPO / rel, self.project_dir / rel)
        for rel in ("as_of_date.sql", "generate_schema_name.sql", "run_loaded_at.sql"):
            shutil.copy(REPO / "macros" / rel, self.project_dir / "macros" / rel)
        for rel, sql in STUBS.items():
            (self.project_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.project_dir / rel).write_text(sql + "\n")
        self.env["DBT_PROFILES_DIR"] = str(self.project_dir)
        self.env["SHOP_SEGMENTS_HOME"] = str(self.project_dir)

    def run(self, args: Sequence[str], vars: dict | None = None, check: bool = True) -> DbtRun:
        cmd = [
            str(DBT),
            *args,
            "--project-dir",
            str(self.project_dir),
            "--target-path",
            str(self.target_path),
        ]
        if vars:
            cmd += ["--vars", json.dumps(vars)]
        proc = subprocess.run(
            cmd, cwd=self.project_dir, env=self.env, capture_output=True, text=True, check=False
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"dbt {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
            )
        return DbtRun(proc.returncode, proc.stdout, proc.stderr, self.target_path)

    def execute(self, *statements: str) -> None:
        with duckdb.connect(str(self.db_path)) as con:
            for statement in statements:
                con.execute(statement)


def ts(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time())


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> MiniProject:
    project = MiniProject(tmp_path_factory.mktemp("history_clock"))
    project.execute(
        "create schema stub",
        """create table stub.customers as select * from (values
            ('c1', 'Anna', 'Jensen', 'Anna Jensen', 'anna@example.com', null, 'DK', null, null, '2100',
             date '2025-01-15', true, ['vip']::varchar[], 10.50::decimal(18, 2)),
            ('c2', 'Bo', 'Ek', 'Bo Ek', 'bo@example.com', null, 'SE', null, null, null,
             date '2024-01-01', false, []::varchar[], 5.00::decimal(18, 2)),
            ('c3', 'Cy', 'Li', 'Cy Li', 'cy@example.com', null, 'DK', null, null, null,
             date '2024-01-01', true, null::varchar[], 0::decimal(18, 2))
        ) as t(customer_id, first_name, last_name, full_name, email, phone, country_code, region, city,
               postal_code, registered_date, accepts_marketing, tags, lifetime_revenue)""",
        """create table stub.memberships as select * from (values
            ('vip', 'c1', null::varchar), ('vip', 'c2', null), ('all', 'c3', null)
        ) as t(segment_name, customer_id, group_name)""",
        """create table stub.definitions as select * from (values
            ('vip', true, 'h1'), ('all', false, 'h2')
        ) as t(segment_name, requires_consent, definition_hash)""",
    )
    return project


def memberships_snapshot(project: MiniProject) -> list[tuple]:
    return project.query(
        "select segment_name, customer_id, dbt_valid_from, dbt_valid_to "
        "from snapshots.segment_memberships_snapshot order by all"
    )


def test_history_clock(mini: MiniProject):
    # 1. first build at 06-30: every row opens at the as_of date (midnight), not the wall clock
    mini.run(["build"], vars={"as_of_date": "2026-06-30"})
    assert memberships_snapshot(mini) == [
        ("all", "c3", ts("2026-06-30"), None),
        ("vip", "c1", ts("2026-06-30"), None),
        ("vip", "c2", ts("2026-06-30"), None),
    ]

    # 2. later as_of 07-31: customer c2 is deleted from the shop (and so leaves vip), c3 enters
    #    vip, c1's email changes
    mini.execute(
        "delete from stub.memberships where customer_id = 'c2'",
        "delete from stub.customers where customer_id = 'c2'",
        "insert into stub.memberships values ('vip', 'c3', null)",
        "update stub.customers set email = 'anna2@example.com' where customer_id = 'c1'",
    )
    mini.run(["build"], vars={"as_of_date": "2026-07-31"})
    assert memberships_snapshot(mini) == [
        ("all", "c3", ts("2026-06-30"), None),
        ("vip", "c1", ts("2026-06-30"), None),
        ("vip", "c2", ts("2026-06-30"), ts("2026-07-31")),  # closed, never dropped
        ("vip", "c3", ts("2026-07-31"), None),
    ]
    # no history of personal fields is kept (the member-fields snapshot was dropped)
    assert not mini.query(
        "select table_name from information_schema.tables where table_name like '%member_fields%'"
    )

    # 3. same-day correction at 07-31: c3 should not have entered vip after all; nothing else
    #    changed. The snapshot closes c3's row at the same time (zero length): the marts drop it.
    mini.execute("delete from stub.memberships where segment_name = 'vip' and customer_id = 'c3'")
    mini.run(["build"], vars={"as_of_date": "2026-07-31"})
    assert ("vip", "c3", ts("2026-07-31"), ts("2026-07-31")) in memberships_snapshot(mini)
    assert mini.query(
        "select segment_name, customer_id, stay_number, entered_date, exited_date "
        "from marts.segment_membership_history order by all"
    ) == [
        ("all", "c3", 1, date(2026, 6, 30), None),
        ("vip", "c1", 1, date(2026, 6, 30), None),
        ("vip", "c2", 1, date(2026, 6, 30), date(2026, 7, 31)),
    ]

    # 4. a no-change rebuild at a later as_of adds no membership rows, only the build date
    before = mini.query("select count(*) from snapshots.segment_memberships_snapshot")
    mini.run(["build"], vars={"as_of_date": "2026-08-31"})
    assert mini.query("select count(*) from snapshots.segment_memberships_snapshot") == before
    assert mini.query(
        "select snapshot_date, members_count, entered_count, exited_count from marts.segment_size_history "
        "where segment_name = 'vip' order by all"
    ) == [
        (date(2026, 6, 30), 2, 2, 0),
        (date(2026, 7, 31), 1, 0, 1),
        (date(2026, 8, 31), 1, 0, 0),
    ]
    assert mini.query(
        "select segment_name, customer_id, event_type, event_date from marts.segment_membership_events "
        "order by all"
    ) == [
        ("all", "c3", "entered", date(2026, 6, 30)),
        ("vip", "c1", "entered", date(2026, 6, 30)),
        ("vip", "c2", "entered", date(2026, 6, 30)),
        ("vip", "c2", "exited", date(2026, 7, 31)),
    ]

    # 5. a build at an earlier as_of is refused and changes nothing
    rows = memberships_snapshot(mini)
    result = mini.run(
        ["build", "--select", "resource_type:snapshot"], vars={"as_of_date": "2026-07-01"}, check=False
    )
    assert result.returncode != 0
    assert "already holds history up to 2026-08-31" in result.stdout
    assert memberships_snapshot(mini) == rows
