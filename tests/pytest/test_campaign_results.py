"""segment_campaign_results end to end: an injected campaign effect is recovered exactly.

A raw_path shop of 4,000 customers; a frozen export snapshot (written with the exporter's own DDL)
puts 2,000 in treatment and 2,000 in control at as_of 2026-05-01. Treatment members convert in
the 14 days after it with probability 0.30, control members with 0.20 (seeded draws), each with one
order of a known amount; orders on the as_of day, after the window, cancelled orders and a
non-member's orders must not count. The mart's counts equal the direct counts, its intervals equal
scipy's and cover the true differences, and its ROI follows the cost.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import math
import random
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, DbtProject
from scipy import stats
from segment_exports import warehouse as wh

AS_OF = dt.date(2026, 5, 1)
N = 2000
RATES = {"treatment": 0.30, "control": 0.20}
MEAN_AMOUNT = 110.0  # amounts uniform on [20, 200]
COST = Decimal("1000.00")
RUN = [
    "run",
    "--select",
    "+segment_campaign_results",
    "--exclude",
    "resource_type:seed",
]


def _load_tests_module():
    path = REPO / "models/intermediate/campaigns/int_campaign_uplift_tests.py"
    spec = importlib.util.spec_from_file_location("int_campaign_uplift_tests", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory):
    workdir = tmp_path_factory.mktemp("campaign")
    raw = workdir / "raw"
    raw.mkdir()
    rng = random.Random(15)  # noqa: S311 (seeded draws of test data, not secrets)
    groups = {f"c{i:05d}": ("treatment" if i < N else "control") for i in range(2 * N)}
    customers = [[cid, f"{cid}@example.com"] for cid in [*groups, "outsider"]]
    orders: list[list[str]] = []
    # member -> (window day of the order or None, amount)
    truth: dict[str, tuple[int | None, Decimal]] = {}
    for cid, group in groups.items():
        day, amount = None, Decimal(0)
        if rng.random() < RATES[group]:
            day = rng.randint(1, 14)
            amount = Decimal(rng.randint(2000, 20000)) / 100
            orders.append(
                [f"o-{cid}", cid, f"{AS_OF + dt.timedelta(days=day)} 12:00:00", "completed", str(amount)]
            )
        truth[cid] = (day, amount)
    # never counted: on the as_of day itself, after the 30-day window, cancelled, not a member
    orders.append(["o-asof", "c00000", f"{AS_OF} 23:00:00", "completed", "999.00"])
    orders.append(["o-late", "c00001", f"{AS_OF + dt.timedelta(days=31)} 09:00:00", "completed", "999.00"])
    orders.append(["o-cancel", "c00002", f"{AS_OF + dt.timedelta(days=3)} 09:00:00", "cancelled", "999.00"])
    orders.append(["o-out", "outsider", f"{AS_OF + dt.timedelta(days=3)} 09:00:00", "completed", "999.00"])
    _write_csv(raw / "customers.csv", ["customer_id", "email"], customers)
    _write_csv(raw / "orders.csv", ["order_id", "customer_id", "ordered_at", "status", "order_total"], orders)
    _write_csv(raw / "order_lines.csv", ["order_line_id", "order_id", "quantity"], [])

    project = DbtProject(workdir)
    with duckdb.connect(str(project.db_path)) as con:
        wh.ensure_tables(con)
        con.execute(
            "insert into exports.export_snapshots (snapshot_id, segment_name, as_of_date, created_at, "
            "definition_hash, requires_consent, member_count, excluded_without_consent, row_count, "
            "rendering_rules, holdout_share, holdout_salt, treatment_count, control_count, campaign_cost) "
            "values ('20260501T080000Z', 'promo', ?, timestamp '2026-05-01 08:00:00', 'h', false, ?, 0, ?, "
            "2, 0.5, '', ?, ?, ?)",
            [AS_OF, 2 * N, N, N, N, COST],
        )
        con.executemany(
            "insert into exports.export_snapshot_holdout_members values ('20260501T080000Z', 'promo', ?, ?)",
            list(groups.items()),
        )
        con.executemany(
            "insert into exports.export_snapshot_members (snapshot_id, segment_name, customer_id) "
            "values ('20260501T080000Z', 'promo', ?)",
            [[cid] for cid, group in groups.items() if group == "treatment"],
        )
    project.run(RUN, vars={"as_of_date": "2026-06-30", "raw_path": str(raw)})
    return project, groups, truth


def _result(project: DbtProject, group: str, window: int) -> dict:
    columns = [
        "members",
        "converters",
        "conversion_rate",
        "orders_count",
        "revenue",
        "revenue_per_member",
        "conversion_uplift",
        "conversion_uplift_ci_low",
        "conversion_uplift_ci_high",
        "conversion_uplift_p_value",
        "revenue_per_member_uplift",
        "revenue_per_member_uplift_ci_low",
        "revenue_per_member_uplift_ci_high",
        "revenue_per_member_uplift_p_value",
        "revenue_per_member_welch_df",
        "incremental_revenue",
        "roi",
        "is_complete",
    ]
    (row,) = project.query(
        f"select {', '.join(columns)} from marts.segment_campaign_results "
        f"where holdout_group = '{group}' and window_days = {window}"
    )
    return dict(zip(columns, row, strict=True))


def _window_values(groups, truth, group: str, window: int) -> list[float]:
    return [
        float(amount) if day is not None and day <= window else 0.0
        for cid, (day, amount) in truth.items()
        if groups[cid] == group
    ]


@pytest.mark.parametrize("window", [7, 14, 30])
def test_counts_equal_the_direct_counts(campaign, window: int) -> None:
    project, groups, truth = campaign
    for group in ("treatment", "control"):
        values = _window_values(groups, truth, group, window)
        converters = sum(v > 0 for v in values)
        row = _result(project, group, window)
        assert row["members"] == N
        assert row["converters"] == converters
        assert row["orders_count"] == converters
        assert row["conversion_rate"] == converters / N
        assert row["revenue"] == sum(
            (a for cid, (d, a) in truth.items() if groups[cid] == group and d is not None and d <= window),
            Decimal(0),
        )
        assert row["revenue_per_member"] == pytest.approx(sum(values) / N, rel=1e-12)
        assert row["is_complete"] is True


def test_interval_covers_the_true_difference_and_equals_scipy(campaign) -> None:
    project, groups, truth = campaign
    row = _result(project, "treatment", 14)
    true_conversion = RATES["treatment"] - RATES["control"]
    assert row["conversion_uplift_ci_low"] < true_conversion < row["conversion_uplift_ci_high"]
    true_rpm = true_conversion * MEAN_AMOUNT
    assert row["revenue_per_member_uplift_ci_low"] < true_rpm < row["revenue_per_member_uplift_ci_high"]
    # the intervals are not degenerate: zero is outside both (a real effect)
    assert row["conversion_uplift_ci_low"] > 0
    assert row["revenue_per_member_uplift_ci_low"] > 0

    t_values = _window_values(groups, truth, "treatment", 14)
    c_values = _window_values(groups, truth, "control", 14)
    welch = stats.ttest_ind(t_values, c_values, equal_var=False)
    ci = welch.confidence_interval(0.95)
    assert row["revenue_per_member_uplift_p_value"] == pytest.approx(welch.pvalue, rel=1e-6)
    assert row["revenue_per_member_uplift_ci_low"] == pytest.approx(ci.low, rel=1e-9)
    assert row["revenue_per_member_uplift_ci_high"] == pytest.approx(ci.high, rel=1e-9)
    assert row["revenue_per_member_welch_df"] == pytest.approx(welch.df, rel=1e-9)

    xt, xc = sum(v > 0 for v in t_values), sum(v > 0 for v in c_values)
    pt, pc = xt / N, xc / N
    se = math.sqrt(pt * (1 - pt) / N + pc * (1 - pc) / N)
    assert row["conversion_uplift"] == pytest.approx(pt - pc, abs=1e-15)
    assert row["conversion_uplift_ci_low"] == pytest.approx(pt - pc - 1.959963984540054 * se, rel=1e-12)
    pooled = (xt + xc) / (2 * N)
    z = (pt - pc) / math.sqrt(pooled * (1 - pooled) * 2 / N)
    assert row["conversion_uplift_p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)

    incremental = row["revenue_per_member_uplift"] * N
    assert row["incremental_revenue"] == pytest.approx(incremental, rel=1e-12)
    assert row["roi"] == pytest.approx((incremental - float(COST)) / float(COST), rel=1e-12)
    # both group rows of a window carry the same comparison
    assert _result(project, "control", 14)["roi"] == row["roi"]


def test_undefined_statistics_are_null() -> None:
    module = _load_tests_module()
    assert module.conversion_test(1, 1, 10, 2) == (None, None, None)
    assert module.conversion_test(10, 0, 10, 0) == (None, None, None)  # no converter at all
    assert module.welch_test(10, 0.0, 0.0, 10, 0.0, 0.0) == (None, None, None, None)
    assert module.welch_test(10, 1.0, None, 10, 0.0, 1.0) == (None, None, None, None)


def test_the_mart_builds_empty_before_any_export(dbt_project: DbtProject) -> None:
    folder = dbt_project.workdir / "raw"
    folder.mkdir()
    _write_csv(folder / "customers.csv", ["customer_id"], [["c1"]])
    _write_csv(folder / "orders.csv", ["order_id", "customer_id", "ordered_at"], [["o1", "c1", "2026-01-01"]])
    _write_csv(folder / "order_lines.csv", ["order_line_id", "order_id", "quantity"], [])
    dbt_project.run(RUN, vars={"as_of_date": "2026-06-30", "raw_path": str(folder)})
    assert dbt_project.query("select count(*) from marts.segment_campaign_results") == [(0,)]
