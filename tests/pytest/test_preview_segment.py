"""scripts/preview_segment.py on the demo warehouse (built once, as_of 2026-06-30): a preview
evaluates exactly what the build does (every example segment's member set, and the rendered SQL
equal to dbt's compiled segment_memberships), it never prints personal data, and each failure
has its exit code and a one-line reason."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, DbtProject
from segment_lang.catalog import load_columns
from segment_lang.validate import load_definitions, validate
from segment_preview.definitions import PreviewTarget, targets_from_segments_file
from segment_preview.jinja_env import DbtJinja
from segment_preview.warehouse import Renderer, read_info

pytestmark = pytest.mark.dbt

PREVIEW = REPO / "scripts" / "preview_segment.py"
SEGMENTS_FILE = REPO / "segments" / "segments.yml"


def preview(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PREVIEW), "--duckdb-path", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


def preview_json(db: Path, *args: str, stdin: str | None = None) -> dict:
    proc = preview(db, "--json", *args, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def built_members(project: DbtProject) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, customer_id in project.query(
        "select segment_name, customer_id from segments.segment_memberships"
    ):
        out.setdefault(name, set()).add(customer_id)
    return out


def assert_one_line_error(proc: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def warehouse_copy(demo_warehouse: DbtProject, tmp_path: Path) -> Path:
    """A private copy of the demo warehouse (same file name, so its catalog name is the same)."""
    copy = tmp_path / demo_warehouse.db_path.name
    shutil.copyfile(demo_warehouse.db_path, copy)
    return copy


def test_preview_equals_build_for_every_example(demo_warehouse: DbtProject):
    """Every example segment (grouped ones included) previewed one by one, in one process,
    catches exactly the customers the build put in segment_memberships."""
    result = preview_json(demo_warehouse.db_path, "--all-examples", "--all-ids", "--sample", "0")
    assert result["as_of_date"] == "2026-06-30"
    (customers_total,) = demo_warehouse.query("select count(*) from marts.dim_customers")[0]
    assert result["customers_total"] == customers_total
    names = {
        seg["name"] for seg in validate(load_definitions(SEGMENTS_FILE), load_columns(REPO)[0])["segments"]
    }
    previews = {p["name"]: p for p in result["previews"]}
    assert set(previews) == names
    built = built_members(demo_warehouse)
    for name, p in previews.items():
        assert set(p["customer_ids"]) == built.get(name, set()), name
        assert p["members"] == len(p["customer_ids"])
        assert p["share_of_customers"] == pytest.approx(p["members"] / customers_total)
        assert p["sample_customer_ids"] == []
    # Not vacuous: most examples have members, and the exclusive groups are among them.
    assert sum(1 for p in previews.values() if p["members"] > 0) > len(previews) * 0.8
    assert previews["stage_active"]["members"] > 0
    assert previews["rfm_champions"]["members"] > 0


def test_rendered_sql_equals_dbt_compiled_sql(demo_warehouse: DbtProject):
    """The SQL a preview runs is dbt's: segment_memberships rendered here for all example
    segments is byte for byte what `dbt build` compiled."""
    compiled = next(demo_warehouse.target_path.glob("compiled/**/segments/segment_memberships.sql"))
    targets = targets_from_segments_file(SEGMENTS_FILE, load_columns(REPO)[0], None)
    everything = PreviewTarget("all", [t.rendered[-1] for t in targets])
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as con:
        info = read_info(con, REPO)
    rendered = Renderer(REPO, info).render(everything)
    assert rendered == compiled.read_text()


def test_rendered_sql_for_one_segment_has_only_its_aggregates(demo_warehouse: DbtProject):
    """A previewed segment is rendered alone (plus the earlier members of its exclusive group):
    one membership select, and only the activity CTEs it needs."""
    columns = load_columns(REPO)[0]
    (nike,) = targets_from_segments_file(SEGMENTS_FILE, columns, "bought_brand_nike_6m")
    (stage,) = targets_from_segments_file(SEGMENTS_FILE, columns, "stage_at_risk")
    assert [seg["name"] for seg in stage.rendered] == ["stage_new", "stage_active", "stage_at_risk"]
    with duckdb.connect(str(demo_warehouse.db_path), read_only=True) as con:
        info = read_info(con, REPO)
    sql = Renderer(REPO, info).render(nike)
    assert sql.count("union all") == 0
    assert "line_activity as (" in sql
    assert "\norder_activity as (" not in sql
    assert "cast('2026-06-30' as date)" in sql


def test_jinja_env_dispatches_like_dbt():
    """adapter.dispatch picks duckdb__ over default__; dbt's cross-database macros come from
    dbt-duckdb; return() values come back as Python values."""
    env = DbtJinja(REPO, {"as_of_date": "2024-02-29"}, lambda name: name)
    assert env.call("segment_has_bitstrings") is True
    assert env.call("segment_text_contains", "x", "'a'") == "contains(lower(x), lower('a'))"
    assert env.call("segment_quote_text", "O'Brien") == "'O''Brien'"
    assert env.call("as_of_date") == "cast('2024-02-29' as date)"
    shifted = env.call("segment_shift_date", "year", -1)
    assert "interval 1 year" in shifted
    with duckdb.connect() as con:
        assert str(con.execute(f"select {shifted}").fetchone()[0]) == "2023-02-28"


def test_single_definition_forms_and_sample(demo_warehouse: DbtProject, tmp_path: Path):
    """A bare condition (stdin), one segment (file) and --name agree; --sample gives the first
    ids in order; a value with a quote is a plain literal."""
    built = built_members(demo_warehouse)
    expected = sorted(built["obrien_club_members"])
    assert expected, "the demo has O'Brien club members"
    bare = preview_json(demo_warehouse.db_path, "-", "--sample", "3", stdin='has_tag: "o\'brien-club"\n')
    assert bare["previews"][0]["name"] == "preview"
    assert bare["previews"][0]["members"] == len(expected)
    assert bare["previews"][0]["sample_customer_ids"] == expected[:3]
    one = tmp_path / "one.yml"
    one.write_text('name: obrien\ndescription: tagged\nwhere: {has_tag: "o\'brien-club"}\n')
    from_file = preview_json(demo_warehouse.db_path, str(one), "--all-ids")
    assert from_file["previews"][0]["name"] == "obrien"
    assert from_file["previews"][0]["customer_ids"] == expected
    by_name = preview_json(demo_warehouse.db_path, "--name", "obrien_club_members")
    overlap = by_name["previews"][0]["overlap"]
    assert overlap[0] == {
        "segment": "obrien_club_members",
        "shared": len(expected),
        "size": len(expected),
        "jaccard": 1.0,
    }
    assert len(overlap) <= 10
    assert [o["jaccard"] for o in overlap] == sorted((o["jaccard"] for o in overlap), reverse=True)
    injected = preview_json(
        demo_warehouse.db_path, "-", stdin='country_code: {eq: "DK\'; drop table marts.dim_customers; --"}\n'
    )
    assert injected["previews"][0]["members"] == 0
    assert demo_warehouse.query("select count(*) from marts.dim_customers")[0][0] > 0


def test_no_personal_data_in_output(demo_warehouse: DbtProject):
    emails, phones = zip(
        *demo_warehouse.query("select email, phone from marts.dim_customers where email is not null"),
        strict=True,
    )
    for args in (["--name", "marketing_consent", "--sample", "50"], ["--all-examples", "--json"]):
        proc = preview(demo_warehouse.db_path, *args)
        assert proc.returncode == 0, proc.stderr
        out = proc.stdout + proc.stderr
        assert "@" not in out
        assert not any(phone and phone in out for phone in phones)
        assert not any(email in out for email in emails)


def test_missing_warehouse_exits_3(tmp_path: Path):
    proc = preview(tmp_path / "nowhere.duckdb", "--name", "high_revenue")
    assert_one_line_error(proc, 3, "not found", "make build")


def test_warehouse_not_built_exits_3(tmp_path: Path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    proc = preview(empty, "--name", "high_revenue")
    assert_one_line_error(proc, 3, "no table", "dbt build")


def test_locked_warehouse_exits_4(warehouse_copy: Path):
    with duckdb.connect(str(warehouse_copy)):  # a writer holds the file, as a dbt build does
        proc = preview(warehouse_copy, "--name", "high_revenue")
        assert_one_line_error(proc, 4, "locked", "--wait")
    assert preview(warehouse_copy, "--name", "high_revenue").returncode == 0


def test_wait_outlasts_a_short_lock(warehouse_copy: Path):
    """--wait retries while the writer holds the file and succeeds once it lets go."""
    writer = duckdb.connect(str(warehouse_copy))
    release = threading.Timer(1.5, writer.close)
    release.start()
    try:
        proc = preview(warehouse_copy, "--name", "high_revenue", "--wait", "30")
    finally:
        release.join()
    assert proc.returncode == 0, proc.stderr
    assert "high_revenue:" in proc.stdout


def test_column_the_warehouse_lacks_exits_5(warehouse_copy: Path):
    with duckdb.connect(str(warehouse_copy)) as con:  # built before churn_risk existed
        con.execute("alter table marts.dim_customers drop column churn_risk")
    proc = preview(warehouse_copy, "-", stdin="churn_risk: {eq: high}\n")
    assert_one_line_error(proc, 5, "churn_risk", "dim_customers", "rebuild")


def test_invalid_definition_exits_1_with_key_path(demo_warehouse: DbtProject, tmp_path: Path):
    proc = preview(
        demo_warehouse.db_path, "-", stdin="all:\n  - orders_count: {gte: 1}\n  - orders_count: {gtt: 3}\n"
    )
    assert_one_line_error(proc, 1, "where.all[1].orders_count.gtt", "unknown operator 'gtt'")
    proc = preview(demo_warehouse.db_path, "-", stdin="no_such_column: {eq: 1}\n")
    assert_one_line_error(proc, 1, "where.no_such_column", "unknown column")
    proc = preview(demo_warehouse.db_path, "-", stdin="country_code: {eq: '{{ 1 }}'}\n")
    assert_one_line_error(proc, 1, "template")
    proc = preview(demo_warehouse.db_path, "-", stdin="all: [\n")
    assert_one_line_error(proc, 1, "not valid YAML")
    bad_file = tmp_path / "segments.yml"
    bad_file.write_text("segments:\n  - name: x\n    description: d\n    where: {orders_count: {gtt: 1}}\n")
    proc = preview(demo_warehouse.db_path, "--name", "x", "--definitions", str(bad_file))
    assert_one_line_error(proc, 1, "segments[0].where.orders_count.gtt", "segment 'x'")


def test_bad_arguments_exit_2(demo_warehouse: DbtProject, tmp_path: Path):
    assert_one_line_error(preview(demo_warehouse.db_path), 2, "exactly one of")
    assert_one_line_error(preview(demo_warehouse.db_path, "--name", "nope"), 2, "no segment named 'nope'")
    assert_one_line_error(preview(demo_warehouse.db_path, str(tmp_path / "missing.yml")), 2, "not found")
    assert_one_line_error(preview(demo_warehouse.db_path, "--sample", "x", "--name", "a"), 2, "--sample")
