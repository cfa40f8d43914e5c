"""Staging: the raw input contract is written once (the sources YAML) and everything else follows
it, and the demo shop's staging layer accounts for every raw row.

The contract checks read the sources YAML and render the staging macros with plain Jinja (no dbt
run); the demo checks use the shared `demo_warehouse` build.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import generate_input_contract
import jinja2
import pytest
import yaml
from conftest import REPO, DbtProject

MACROS = REPO / "macros" / "staging"
SOURCES_YAML = REPO / "models" / "staging" / "shop" / "_shop__sources.yml"
REJECTED_YAML = REPO / "models" / "quality" / "_quality__models.yml"
CONTRACT_DOC = REPO / "docs" / "input-contract.md"
SEEDS = REPO / "seeds" / "demo"


class _Returned(Exception):
    def __init__(self, value: object) -> None:
        self.value = value


def render_macro(file_name: str, macro_name: str) -> object:
    """The value a dbt macro passes to return(), rendered with plain Jinja."""

    def _return(value: object) -> None:
        raise _Returned(value)

    env = jinja2.Environment(extensions=["jinja2.ext.do"], autoescape=False)  # noqa: S701 - SQL, not HTML
    # The macros it calls render as their name and argument (shop_rejection_reasons builds one
    # condition with clean_text).
    context = {"return": _return, "clean_text": lambda expression: f"clean_text({expression})"}
    module = env.from_string((MACROS / file_name).read_text()).make_module(context)
    try:
        getattr(module, macro_name)()
    except _Returned as returned:
        return returned.value
    raise AssertionError(f"{macro_name} did not return a value")


def sources_contract() -> dict[str, dict]:
    """The contract as written in the sources YAML: table -> {required, columns}."""
    (shop,) = yaml.safe_load(SOURCES_YAML.read_text())["sources"]
    return {
        table["name"]: {
            "required": table["config"]["meta"]["required"],
            "columns": [column["name"] for column in table["columns"]],
        }
        for table in shop["tables"]
    }


CONTRACT = sources_contract()
REASONS = render_macro("shop_rejection_reasons.sql", "shop_rejection_reasons")


def required_columns(table: str) -> list[str]:
    """The columns the sources YAML documents as Required."""
    (shop,) = yaml.safe_load(SOURCES_YAML.read_text())["sources"]
    columns = next(t["columns"] for t in shop["tables"] if t["name"] == table)
    return [column["name"] for column in columns if column["description"].startswith("Required.")]


def yaml_models(path: Path) -> dict[str, dict]:
    return {model["name"]: model for model in yaml.safe_load(path.read_text())["models"]}


def doc_contract() -> dict[str, list[tuple[str, bool]]]:
    """docs/input-contract.md: table -> [(column, required)] from the per-table sections."""
    tables: dict[str, list[tuple[str, bool]]] = {}
    current = None
    for line in CONTRACT_DOC.read_text().splitlines():
        heading = re.match(r"^### `(\w+)`", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        row = re.match(r"^\| `(\w+)` \| (yes|no) \|", line)
        if current and row:
            tables[current].append((row.group(1), row.group(2) == "yes"))
        elif line.startswith("## "):
            current = None
    return tables


def test_contract_tables_and_required_flags() -> None:
    assert list(CONTRACT) == [
        "customers",
        "orders",
        "order_lines",
        "products",
        "abandoned_carts",
        "customer_attributes",
    ]
    assert [table for table, spec in CONTRACT.items() if spec["required"]] == [
        "customers",
        "orders",
        "order_lines",
    ]


def test_contract_doc_is_generated_from_the_sources_yaml() -> None:
    assert generate_input_contract.main(["--check"]) == 0
    documented = doc_contract()
    assert list(documented) == list(CONTRACT)
    for table, spec in CONTRACT.items():
        assert [column for column, _required in documented[table]] == spec["columns"], table


def test_contract_doc_generator_follows_the_yaml(tmp_path: Path) -> None:
    """A column added to the YAML appears in the generated document; one without Required. or
    Optional. is refused, naming its key path."""
    (tmp_path / "docs").mkdir()
    shutil.copy(CONTRACT_DOC, tmp_path / "docs" / "input-contract.md")
    sources = yaml.safe_load(SOURCES_YAML.read_text())
    orders = next(t for t in sources["sources"][0]["tables"] if t["name"] == "orders")
    orders["columns"].append({"name": "gift_note", "description": "Optional. A note | with a bar."})
    target = tmp_path / "models" / "staging" / "shop" / "_shop__sources.yml"
    target.parent.mkdir(parents=True)
    target.write_text(yaml.safe_dump(sources, sort_keys=False))
    assert generate_input_contract.main(["--project-dir", str(tmp_path), "--check"]) == 1
    assert generate_input_contract.main(["--project-dir", str(tmp_path)]) == 0
    generated = (tmp_path / "docs" / "input-contract.md").read_text()
    assert "| `gift_note` | no | A note \\| with a bar. |" in generated
    orders["columns"][-1]["description"] = "A note."
    target.write_text(yaml.safe_dump(sources, sort_keys=False))
    key_path = r"sources\.shop\.tables\.orders\.columns\.gift_note"
    with pytest.raises(generate_input_contract.ContractError, match=key_path):
        generate_input_contract.render_tables(generate_input_contract.load_tables(target))


@pytest.mark.parametrize("table", list(CONTRACT))
def test_demo_seed_headers_follow_the_contract(table: str) -> None:
    """Every demo seed column is a contract column, in contract order, and every required column is
    there (an optional column the demo has no values for may be left out: it reads as null)."""
    with (SEEDS / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    columns = CONTRACT[table]["columns"]
    assert header == [column for column in columns if column in header]
    assert set(required_columns(table)) <= set(header)


def test_rejection_reasons_agree_with_the_rejected_models_and_the_doc() -> None:
    rejected = yaml_models(REJECTED_YAML)
    doc = CONTRACT_DOC.read_text()
    assert list(REASONS) == list(CONTRACT)
    for table, spec in REASONS.items():
        assert spec["reasons"][0] == "missing_key"
        column = next(c for c in rejected[f"{table}_rejected"]["columns"] if c["name"] == "rejection_reason")
        accepted = next(t["accepted_values"] for t in column["data_tests"] if isinstance(t, dict))
        assert accepted["arguments"]["values"] == spec["reasons"], table
        # the doc's per-table order list (customers and products share a line)
        listed = ", ".join(f"`{reason}`" for reason in spec["reasons"])
        assert listed in " ".join(doc.split()), table


# --- the demo shop -----------------------------------------------------------------------------------
def test_demo_every_raw_row_is_kept_or_rejected(demo_warehouse: DbtProject) -> None:
    report = demo_warehouse.query(
        "select table_name, max(raw_row_count), "
        "sum(row_count) filter (where outcome_type in ('kept', 'rejected')) "
        "from staging.data_quality_report group by table_name"
    )
    assert {table for table, _raw, _sum in report} == set(CONTRACT)
    for table, raw_count, accounted in report:
        (actual_raw,) = demo_warehouse.query(f"select count(*) from raw.{table}")[0]
        (staged,) = demo_warehouse.query(f"select count(*) from staging.stg_shop__{table}")[0]
        (rejected, referential) = demo_warehouse.query(
            "select count(*), count(*) filter "
            "(where rejection_reason in ('unknown_customer', 'unknown_order')) "
            f"from staging.{table}_rejected"
        )[0]
        # rows rejected by a referential check (after staging) are staged but not kept
        kept = staged - referential
        assert raw_count == actual_raw == accounted == kept + rejected, table
        assert kept > 0, table


def test_demo_rejections_are_few_and_explained(demo_warehouse: DbtProject) -> None:
    rows = demo_warehouse.query(
        "select table_name, outcome, row_count, raw_row_count from staging.data_quality_report "
        "where outcome_type = 'rejected' and row_count > 0"
    )
    assert rows, "the demo shop carries deliberately broken rows"
    for table, outcome, count, raw_count in rows:
        assert outcome in REASONS[table]["reasons"]
        assert count <= max(5, raw_count // 100), (table, outcome, count)


def test_demo_guest_checkouts_are_kept_without_a_customer(demo_warehouse: DbtProject) -> None:
    (guests, guests_with_customer) = demo_warehouse.query(
        "select count(*) filter (where is_guest_checkout), "
        "count(*) filter (where is_guest_checkout and customer_id is not null) from staging.stg_shop__orders"
    )[0]
    assert guests > 0
    assert guests_with_customer == 0
