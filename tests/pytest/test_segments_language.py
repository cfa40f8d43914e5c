"""The segment definition language in Python: validation errors (kind, message, exact key path),
normalisation, the generated files and `generate_segments.py --check`. No dbt here (fast)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import generate_segments
import pytest
import yaml
from segment_lang import DEFAULT_COLUMNS, SegmentDefinitionError, canonical_json, column_kind, validate
from segment_lang.catalog import load_columns
from segment_lang.generate import GENERATED_DIR, UNIT_TESTS_YAML_NAME, YAML_NAME, render_files
from segment_lang.render import segment_conditions
from segment_lang.unit_tests import OVERRIDE_VAR, render_unit_tests

REPO = Path(__file__).resolve().parents[2]


def seg(name: str, where: dict, **extra) -> dict:
    return {"name": name, "description": f"{name} description", "where": where, **extra}


def issues_of(doc: dict) -> list[tuple[str, str | None, str]]:
    """(path, segment, message) of every problem validate() reports."""
    with pytest.raises(SegmentDefinitionError) as excinfo:
        validate(doc, DEFAULT_COLUMNS)
    return [(i.path, i.segment, i.message) for i in excinfo.value.issues]


def only_issue(doc: dict) -> tuple[str, str | None, str]:
    found = issues_of(doc)
    assert len(found) == 1, found
    return found[0]


# ---- every kind of validation error, with the exact path -------------------------------------


def test_unknown_operator_path_as_in_the_issue():
    doc = {
        "segments": [
            seg("a", {"orders_count": {"gt": 1}}),
            seg("b", {"orders_count": {"gt": 1}}),
            seg("c", {"orders_count": {"gt": 1}}),
            seg(
                "frequent_recent_buyers",
                {"all": [{"last_order_date": {"within": "90 days"}}, {"orders_count": {"gtt": 5}}]},
            ),
        ]
    }
    path, segment, message = only_issue(doc)
    assert path == "segments[3].where.all[1].orders_count.gtt"
    assert segment == "frequent_recent_buyers"
    assert "unknown operator 'gtt'" in message
    assert "gte" in message  # lists the allowed operators


def test_error_string_names_path_and_segment():
    doc = {"segments": [seg("x", {"orders_count": {"gtt": 5}})]}
    with pytest.raises(SegmentDefinitionError) as excinfo:
        validate(doc, DEFAULT_COLUMNS)
    assert str(excinfo.value).startswith("segments[0].where.orders_count.gtt: unknown operator 'gtt'")
    assert str(excinfo.value).endswith("(segment 'x')")


@pytest.mark.parametrize(
    ("where", "path", "fragment"),
    [
        (
            {"all": [{"orders_count": {"gt": 1}}, {"shoe_colour": {"eq": "red"}}]},
            "all[1].shoe_colour",
            "unknown column",
        ),
        ({"orders_count": {"gt": "five"}}, "orders_count.gt", "expected a number, got text"),
        ({"orders_count": {"gt": True}}, "orders_count.gt", "expected a number, got boolean"),
        ({"country_code": {"eq": 45}}, "country_code.eq", "expected text, got number 45 (quote it"),
        ({"country_code": {"in": ["DK", False]}}, "country_code.in[1]", "YAML reads unquoted yes/no"),
        (
            {"registered_date": {"before": "2026-02-30"}},
            "registered_date.before",
            "expected a date 'YYYY-MM-DD'",
        ),
        ({"registered_date": {"after": "30/01/2026"}}, "registered_date.after", "expected a date"),
        ({"registered_date": {"within": "90 dayz"}}, "registered_date.within", "expected a duration"),
        ({"registered_date": {"within": "0 days"}}, "registered_date.within", "at least 1"),
        ({"registered_date": {"ago": 2}}, "registered_date.ago", "expected a duration"),
        ({"registered_date": {"during": "next_year"}}, "registered_date.during", "this_year, last_year"),
        ({"all": []}, "all", "needs a non-empty list"),
        ({"any": {"orders_count": {"gt": 1}}}, "any", "needs a non-empty list"),
        ({"orders_count": {"between": [10, 5]}}, "orders_count.between", "greater than high"),
        ({"orders_count": {"between": [1]}}, "orders_count.between", "two values"),
        ({"orders_count": {"in": []}}, "orders_count.in", "non-empty list"),
        ({"orders_count": {"is_null": "yes"}}, "orders_count.is_null", "true or false"),
        ({"orders_count": {"contains": "1"}}, "orders_count.contains", "unknown operator 'contains'"),
        ({"tags": {"eq": "vip"}}, "tags.eq", "unknown operator 'eq' for list column"),
        ({"accepts_marketing": {"gt": True}}, "accepts_marketing.gt", "unknown operator 'gt'"),
        ({"orders_count": {}}, "orders_count", "expected a mapping of operators"),
        ({"orders_count": {"gt": 1}, "country_code": {"eq": "DK"}}, "", "exactly one key"),
        ({"not": {"all": [{}]}}, "not.all[0]", "exactly one key"),
        ({"purchased": {"brand": "Nike", "colour": "red"}}, "purchased.colour", "unknown key 'colour'"),
        ({"purchased": {"brand": []}}, "purchased.brand", "non-empty list"),
        ({"purchased": {"min_quantity": 0}}, "purchased.min_quantity", "whole number >= 1"),
        ({"purchased": {"within": "6 monthz"}}, "purchased.within", "expected a duration"),
        ({"ordered": {"total": {"gtt": 1}}}, "ordered.total.gtt", "unknown operator 'gtt' for 'total'"),
        ({"ordered": {"count": {"gte": "2"}}}, "ordered.count.gte", "expected a number"),
        ({"ordered": {"offer_code": 5}}, "ordered.offer_code", "expected text"),
        ({"ordered": "yes"}, "ordered", "expected a mapping"),
        (
            {"ordered": {"avg_items": {"gtt": 2}}},
            "ordered.avg_items.gtt",
            "unknown operator 'gtt' for 'avg_items'",
        ),
        (
            {"ordered": {"within": "6 months", "avg_items": 2}},
            "ordered.avg_items",
            "expected a mapping of operators",
        ),
        ({"ordered": {"items": {"gte": "10"}}}, "ordered.items.gte", "expected a number"),
        (
            {"ordered": {"avg_order_value": {"between": [100, 50]}}},
            "ordered.avg_order_value.between",
            "greater than",
        ),
        ({"ordered": {"discounted": "yes"}}, "ordered.discounted", "expected true or false"),
        ({"ordered": {"avg_items_per_order": {"gte": 2}}}, "ordered.avg_items_per_order", "unknown key"),
        (
            {"abandoned_cart": {"cart_total": 100}},
            "abandoned_cart.cart_total",
            "expected a mapping of operators",
        ),
        (
            {"abandoned_cart": {"cart_total": {"in": [1]}}},
            "abandoned_cart.cart_total.in",
            "unknown operator 'in'",
        ),
        (
            {"abandoned_cart": {"cart_total": {"gte": "100"}}},
            "abandoned_cart.cart_total.gte",
            "expected a number",
        ),
        ({"abandoned_cart": {"total": {"gte": None}}}, "abandoned_cart.total.gte", "expected a number"),
        ({"abandoned_cart": {"items": {"gte": 2}}}, "abandoned_cart.items", "unknown key 'items'"),
        ({"purchased": {"avg_items": {"gte": 2}}}, "purchased.avg_items", "unknown key 'avg_items'"),
        (
            {"abandoned_cart": {"count": {"is_null": True}}},
            "abandoned_cart.count.is_null",
            "unknown operator",
        ),
        ({"first_order": {"within": "soon"}}, "first_order.within", "expected a duration"),
        ({"has_tag": 7}, "has_tag", "expected text"),
        ({"attribute": {"eq": "x"}}, "attribute.name", "missing the attribute name"),
        ({"attribute": {"name": "shoe_size"}}, "attribute", "no operator given"),
        (
            {"attribute": {"name": "shoe_size", "gtt": 4}},
            "attribute.gtt",
            "unknown operator 'gtt' for 'attribute'",
        ),
        ({"custom_attributes": {"eq": "x"}}, "custom_attributes.eq", "unknown operator 'eq'"),
    ],
)
def test_condition_errors(where, path, fragment):
    columns = {**DEFAULT_COLUMNS, "custom_attributes": "map"}
    with pytest.raises(SegmentDefinitionError) as excinfo:
        validate({"segments": [seg("s", where)]}, columns)
    found = [(i.path, i.message) for i in excinfo.value.issues]
    expected_path = "segments[0].where" + (f".{path}" if path else "")
    assert len(found) == 1, found
    assert found[0][0] == expected_path
    assert fragment in found[0][1]


def test_duplicate_name():
    doc = {"segments": [seg("dup", {"orders_count": {"gt": 1}}), seg("dup", {"orders_count": {"gt": 2}})]}
    path, segment, message = only_issue(doc)
    assert (path, segment) == ("segments[1].name", "dup")
    assert "duplicate segment name 'dup' (also segments[0])" in message


@pytest.mark.parametrize(
    ("entry", "path", "fragment"),
    [
        (
            {"name": "Bad-Name", "description": "d", "where": {"orders_count": {"gt": 1}}},
            "name",
            "snake_case",
        ),
        ({"name": "x" * 51, "description": "d", "where": {"orders_count": {"gt": 1}}}, "name", "at most 50"),
        (
            {"name": "summary", "description": "d", "where": {"orders_count": {"gt": 1}}},
            "name",
            "is reserved",
        ),
        ({"name": "ok", "where": {"orders_count": {"gt": 1}}}, "description", "description is required"),
        ({"name": "ok", "description": "d"}, "where", "missing the condition tree"),
        (
            {"name": "ok", "description": "d", "where": {"orders_count": {"gt": 1}}, "colour": 1},
            "colour",
            "unknown key",
        ),
        (
            {
                "name": "ok",
                "description": "d",
                "requires_consent": "yes",
                "where": {"orders_count": {"gt": 1}},
            },
            "requires_consent",
            "true or false",
        ),
    ],
)
def test_segment_entry_errors(entry, path, fragment):
    (found_path, _, message) = only_issue({"segments": [entry]})
    assert found_path == f"segments[0].{path}"
    assert fragment in message


def test_group_errors():
    doc = {
        "segments": [seg("a", {"orders_count": {"gt": 1}}), seg("b", {"orders_count": {"gt": 2}})],
        "groups": [
            {"name": "g1", "segments": ["a", "nope"]},
            {"name": "g2", "segments": ["a"]},
            {"name": "g3", "segments": []},
        ],
    }
    found = {(p, m.split(";")[0]) for p, _, m in issues_of(doc)}
    assert ("groups[0].segments[1]", "unknown segment 'nope' in group 'g1'") in found
    assert ("groups[1].segments[0]", "segment 'a' is already in group 'g1'") in found
    assert any(p == "groups[2].segments" for p, _ in found)


def test_every_problem_is_reported_at_once():
    doc = {
        "segments": [
            seg("a", {"orders_count": {"gtt": 1}}),
            seg("b", {"all": []}),
            seg("a", {"nope": {"eq": 1}}),
        ]
    }
    paths = [p for p, _, _ in issues_of(doc)]
    assert paths == ["segments[0].where.orders_count.gtt", "segments[1].where.all", "segments[2].name",
                     "segments[2].where.nope"]  # fmt: skip


def test_top_level_errors():
    assert only_issue({"segments": []})[0] == "segments"
    assert only_issue({"segments": [seg("a", {"orders_count": {"gt": 1}})], "extra": 1})[0] == "extra"


# ---- normalisation ---------------------------------------------------------------------------


def test_normalisation_defaults_groups_and_yaml_quirks():
    text = """
segments:
  - name: bf
    description: Black Friday
    where: {ordered: {on: 2025-11-28}}
  - name: g_first
    description: first
    requires_consent: false
    owner: crm
    where: {orders_count: {gte: 5}}
  - name: g_second
    description: second
    where: {orders_count: {gte: 1}}
groups:
  - {name: tier, segments: [g_first, g_second]}
"""
    out = validate(yaml.safe_load(text), DEFAULT_COLUMNS)
    by_name = {s["name"]: s for s in out["segments"]}
    # YAML 1.1 reads `on:` as true and an unquoted date as a date: both normalised.
    assert by_name["bf"]["where"] == {"ordered": {"on": "2025-11-28"}}
    assert by_name["bf"]["requires_consent"] is True  # default
    assert by_name["bf"]["group"] is None
    assert (by_name["g_first"]["group"], by_name["g_first"]["group_priority"]) == ("tier", 1)
    assert (by_name["g_second"]["group"], by_name["g_second"]["group_priority"]) == ("tier", 2)
    assert by_name["g_first"]["requires_consent"] is False
    assert by_name["g_first"]["owner"] == "crm"


def test_quote_and_sql_text_values_are_kept_verbatim():
    doc = {
        "segments": [seg("q", {"any": [{"has_tag": "O'Brien"}, {"city": {"eq": "x'; drop table y; --"}}]})]
    }
    out = validate(doc, DEFAULT_COLUMNS)
    assert out["segments"][0]["where"]["any"][0] == {"has_tag": "O'Brien"}
    files = render_files(out, DEFAULT_COLUMNS).files
    model_yaml = yaml.safe_load(files[f"{GENERATED_DIR}/{YAML_NAME}"])
    meta = model_yaml["models"][0]["config"]["meta"]
    assert meta["segment"]["where"]["any"][1]["city"]["eq"] == "x'; drop table y; --"
    # the generator writes no SQL: the model file is one macro call
    assert files[f"{GENERATED_DIR}/segment_q.sql"].strip().endswith("{{ segment_model() }}")


def test_definition_hash_is_sha256_of_canonical_json():
    out = validate(
        {"segments": [seg("h", {"country_code": {"in": ["DK", "SE"]}}, owner="Søren")]}, DEFAULT_COLUMNS
    )
    meta = yaml.safe_load(render_files(out, DEFAULT_COLUMNS).files[f"{GENERATED_DIR}/{YAML_NAME}"])["models"][
        0
    ]["config"]["meta"]
    text = meta["segment_definition_json"]
    assert text == canonical_json(out["segments"][0])
    assert json.loads(text)["owner"] == "Søren"
    assert " " not in text.replace("h description", "")
    assert meta["segment_definition_hash"] == hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- the column catalog ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data_type", "kind"),
    [
        ("varchar", "text"),
        ("bigint", "number"),
        ("decimal(18, 2)", "number"),
        ("double", "number"),
        ("date", "date"),
        ("timestamp", "timestamp"),
        ("boolean", "boolean"),
        ("varchar[]", "list"),
        ("map(varchar, varchar)", "map"),
    ],
)
def test_column_kind(data_type, kind):
    assert column_kind(data_type) == kind


def test_catalog_reads_dim_customers_from_the_marts_yaml():
    columns, source = load_columns(REPO)
    if "built-in" in source:
        pytest.skip("dim_customers YAML not in this checkout")
    assert columns["orders_count"] == "number"
    assert columns["tags"] == "list"
    assert columns["last_order_date"] == "date"
    assert columns["accepts_marketing"] == "boolean"


# ---- the generator CLI and --check -----------------------------------------------------------


@pytest.fixture
def scratch_project(tmp_path: Path) -> Path:
    (tmp_path / "segments").mkdir()
    (tmp_path / "models").mkdir()
    (tmp_path / "segments" / "segments.yml").write_text(
        yaml.safe_dump(
            {
                "segments": [
                    seg("one", {"orders_count": {"eq": 1}}),
                    seg("two", {"orders_count": {"eq": 2}}),
                ]
            }
        )
    )
    return tmp_path


def run_cli(project: Path, *args: str) -> int:
    return generate_segments.main(["--project-dir", str(project), *args])


def test_generate_then_check(scratch_project: Path, capsys):
    assert run_cli(scratch_project, "--check") == 1  # nothing generated yet
    assert "out of date" in capsys.readouterr().err
    assert run_cli(scratch_project) == 0
    generated = sorted(p.name for p in (scratch_project / GENERATED_DIR).iterdir())
    assert generated == [YAML_NAME, "segment_one.sql", "segment_two.sql"]
    assert run_cli(scratch_project, "--check") == 0
    assert "2 segment models up to date" in capsys.readouterr().out


def test_check_detects_changed_definition_stray_and_edited_files(scratch_project: Path, capsys):
    assert run_cli(scratch_project) == 0
    definitions = scratch_project / "segments" / "segments.yml"
    original = definitions.read_text()

    definitions.write_text(original.replace("eq: 2", "eq: 3"))
    assert run_cli(scratch_project, "--check") == 1
    assert f"{GENERATED_DIR}/{YAML_NAME}" in capsys.readouterr().err
    definitions.write_text(original)

    (scratch_project / GENERATED_DIR / "segment_old.sql").write_text("{{ segment_model() }}\n")
    assert run_cli(scratch_project, "--check") == 1
    assert "segment_old.sql" in capsys.readouterr().err
    assert run_cli(scratch_project) == 0  # removes the stray file
    assert not (scratch_project / GENERATED_DIR / "segment_old.sql").exists()

    (scratch_project / GENERATED_DIR / "segment_one.sql").write_text("select 1\n")
    assert run_cli(scratch_project, "--check") == 1
    assert "segment_one.sql" in capsys.readouterr().err


def test_invalid_definitions_exit_1_with_paths(scratch_project: Path, capsys):
    definitions = scratch_project / "segments" / "segments.yml"
    definitions.write_text(yaml.safe_dump({"segments": [seg("bad", {"orders_count": {"gtt": 1}})]}))
    assert run_cli(scratch_project) == 1
    err = capsys.readouterr().err
    assert "segments[0].where.orders_count.gtt: unknown operator 'gtt'" in err
    assert err.strip().splitlines()[-1].startswith("error: segments.yml is invalid (1 problem(s)")
    assert not (scratch_project / GENERATED_DIR).exists()  # nothing written


def test_missing_file_and_not_yaml(tmp_path: Path, capsys):
    assert run_cli(tmp_path) == 2
    assert "definitions file not found" in capsys.readouterr().err
    (tmp_path / "segments").mkdir()
    (tmp_path / "segments" / "segments.yml").write_text("segments: [\n")
    assert run_cli(tmp_path) == 1
    assert "not valid YAML" in capsys.readouterr().err


def test_synthetic_segments_are_valid(scratch_project: Path):
    assert run_cli(scratch_project, "--synthetic", "25") == 0
    assert len(list((scratch_project / GENERATED_DIR).glob("segment_synthetic_*.sql"))) == 25


def test_help_lists_every_flag(capsys):
    with pytest.raises(SystemExit) as excinfo:
        generate_segments.main(["--help"])
    assert excinfo.value.code == 0
    out = capsys.readouterr().out
    for flag in ("--project-dir", "--definitions", "--check", "--synthetic"):
        assert flag in out


def test_repository_generated_files_are_up_to_date(tmp_path: Path):
    """The real segments.yml is valid and the committed generated files match it."""
    project = tmp_path / "repo"
    shutil.copytree(REPO / "segments", project / "segments")
    shutil.copytree(REPO / "models", project / "models")
    assert run_cli(project, "--check") == 0


# ---- the render form the macros take (render.py) ---------------------------------------------


def rendered(where: dict) -> dict:
    out = validate({"segments": [seg("r", where)]}, DEFAULT_COLUMNS)
    return segment_conditions(out, DEFAULT_COLUMNS)[0]["condition"]


def leaves_of(node) -> list[dict]:
    """Every test leaf of a render-form tree (activity filters and checks included)."""
    if isinstance(node, dict):
        if "test" in node:
            return [node["test"]]
        return [t for value in node.values() for t in leaves_of(value)]
    if isinstance(node, list):
        return [t for value in node for t in leaves_of(value)]
    return []


def test_render_form_normalises_values_and_types():
    leaf = leaves_of(rendered({"registered_at": {"within": "2 weeks"}}))[0]
    assert leaf == {"expr": "cast(customers.registered_at as date)", "type": "date", "op": "within",
                    "value": {"n": 14, "unit": "day"}}  # fmt: skip
    assert leaves_of(rendered({"first_order": {"during": "last_month"}}))[0]["value"] == {
        "period": "month",
        "back": 1,
    }
    assert leaves_of(rendered({"tags": {"contains": "vip"}}))[0]["type"] == "list"
    ordered = leaves_of(rendered({"ordered": {"status": "Pending", "count": {"gte": 2}}}))
    assert {"expr": "orders.status", "type": "text", "op": "in", "value": ["pending"]} in ordered
    assert not any(t["expr"] == "orders.is_counted" for t in ordered)  # status given: any status
    attr = leaves_of(rendered({"attribute": {"name": "shoe_size", "gte": 43, "in": ["42", "XL"]}}))
    assert [t["type"] for t in attr if t["op"] in ("gte", "in") and "attribute_value" in t["expr"]] == [
        "number",
        "text",
    ]


def test_render_form_keeps_values_out_of_sql():
    # user values only ever appear in `value` (quoted by segment_test), never in expr / of
    nasty = "x'; drop table y; --"
    node = rendered(
        {
            "any": [
                {"has_tag": nasty},
                {"city": {"eq": nasty}},
                {"purchased": {"brand": nasty}},
                {"attribute": {"name": nasty, "eq": nasty}},
            ]
        }
    )
    text = json.dumps(node)
    leaves = leaves_of(node)
    assert all(nasty not in t["expr"] for t in leaves)
    assert nasty.lower() in text
    measures = [m for n in node["any"] if "activity" in n for m in n["activity"]["measures"]]
    assert measures
    assert all(nasty not in (m["of"] or "") for m in measures)


def test_same_activity_filter_shares_one_aggregate():
    a = rendered({"ordered": {"within": "3 months", "total": {"gte": 200}}})
    b = rendered({"ordered": {"within": "3 months", "count": {"gte": 2}}})
    assert a["activity"]["measures"][0]["name"] == b["activity"]["measures"][0]["name"]
    c = rendered({"ordered": {"within": "3 months", "avg_items": {"gte": 2}, "avg_order_value": {"lt": 9}}})
    assert a["activity"]["measures"][0]["name"] == c["activity"]["measures"][0]["name"]


def test_render_form_of_volume_discount_and_cart_value():
    node = rendered({"ordered": {"within": "6 months", "discounted": True, "avg_items": {"gte": 2}}})
    measures = {m["name"].split("_", 2)[-1]: m for m in node["activity"]["measures"]}
    assert set(measures) == {"orders", "items"}
    assert measures["items"]["agg"] == "sum"
    assert measures["items"]["of"] == "orders.items_count"
    when = leaves_of(measures["orders"]["when"])
    assert {"expr": "orders.discount_total", "type": "number", "op": "gt", "value": 0} in when
    (check,) = leaves_of(node["activity"]["check"])
    assert check["op"] == "gte"
    assert check["value"] == 2
    assert check["expr"].startswith("cast(coalesce(order_activity.")
    assert "/ nullif(" in check["expr"]
    # discounted: false is the negation of the same leaf (a null discount is not discounted)
    undiscounted = rendered({"ordered": {"discounted": False}})["activity"]["measures"][0]["when"]
    assert {"not": {"test": {"expr": "orders.discount_total", "type": "number", "op": "gt", "value": 0}}} in (
        undiscounted["all"]
    )
    cart = rendered({"abandoned_cart": {"cart_total": {"gte": 150}, "total": {"lt": 500}}})["activity"]
    assert [m["agg"] for m in cart["measures"]] == ["count", "sum"]
    assert {"expr": "abandoned_carts.cart_total", "type": "number", "op": "gte", "value": 150} in leaves_of(
        cart["measures"][0]["when"]
    )
    # with total (and no count) there is no implicit "at least one cart", like ordered's total
    assert [t["op"] for t in leaves_of(cart["check"])] == ["lt"]


def test_unit_tests_are_validated_like_segments_yml():
    good = {
        "unit_tests": [
            {
                "name": "t",
                "model": "segment_memberships",
                "overrides": {
                    "vars": {OVERRIDE_VAR: {"segments": [{"name": "a", "where": {"has_tag": "v"}}]}}
                },
            }
        ]
    }
    out = render_unit_tests(good, DEFAULT_COLUMNS)
    assert out[0]["overrides"]["vars"][OVERRIDE_VAR][0]["condition"]["any"][0]["test"]["value"] == "v"
    bad = {"unit_tests": [{**good["unit_tests"][0], "name": "bad"}]}
    bad["unit_tests"][0]["overrides"] = {
        "vars": {OVERRIDE_VAR: {"segments": [{"name": "a", "where": {"orders_count": {"gtt": 1}}}]}}
    }
    with pytest.raises(SegmentDefinitionError) as excinfo:
        render_unit_tests(bad, DEFAULT_COLUMNS)
    assert str(excinfo.value).startswith(
        "unit test 'bad' segments[0].where.orders_count.gtt: unknown operator"
    )
    assert "(segment 'a')" in str(excinfo.value)


def test_repository_unit_tests_are_generated():
    files = generate_segments.expected_files(REPO, REPO / "segments" / "segments.yml")
    doc = yaml.safe_load(files[f"{GENERATED_DIR}/{UNIT_TESTS_YAML_NAME}"])
    names = [t["name"] for t in doc["unit_tests"]]
    assert len(names) >= 9
    assert "segment_ops_dates_month_end_and_leap_day" in names
