"""Write the per-table sections of docs/input-contract.md from the dbt source `shop`.

The raw input contract is written once, in models/staging/shop/_shop__sources.yml: the tables,
whether each is required (meta `required`), what a row is (the table's description), the
columns in order and what each means (a column description starts with "Required." or
"Optional."). This script renders the part of docs/input-contract.md between the two
`input-contract:tables` markers from it, so the document is not a second copy to keep in step.
`--check` writes nothing and fails when the document is out of date (CI runs it).
Exit 0 ok, 1 out of date or a malformed sources file, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SOURCES_YAML = Path("models/staging/shop/_shop__sources.yml")
CONTRACT_DOC = Path("docs/input-contract.md")
BEGIN = (
    "<!-- input-contract:tables begin: generated from models/staging/shop/_shop__sources.yml"
    " by scripts/generate_input_contract.py; edit the YAML, not this part -->"
)
END = "<!-- input-contract:tables end -->"


class ContractError(ValueError):
    """The sources YAML or the document is not in the shape this script expects."""


def load_tables(sources_yaml: Path) -> list[dict]:
    """The tables of source `shop`, as written in the YAML (in order)."""
    doc = yaml.safe_load(sources_yaml.read_text(encoding="utf-8"))
    shops = [source for source in doc.get("sources") or [] if source.get("name") == "shop"]
    if len(shops) != 1:
        raise ContractError(f"{sources_yaml}: expected one source named shop")
    return shops[0].get("tables") or []


def is_required_table(table: dict) -> bool:
    meta = (table.get("config") or {}).get("meta") or table.get("meta") or {}
    required = meta.get("required")
    if not isinstance(required, bool):
        name = table.get("name")
        raise ContractError(f"sources.shop.tables.{name}.config.meta.required must be true or false")
    return required


def column_row(table_name: str, column: dict) -> str:
    description = " ".join(str(column.get("description") or "").split())
    for prefix, required in (("Required.", "yes"), ("Optional.", "no")):
        if description.startswith(prefix):
            meaning = description[len(prefix) :].strip().replace("|", "\\|")
            return f"| `{column['name']}` | {required} | {meaning} |"
    raise ContractError(
        f"sources.shop.tables.{table_name}.columns.{column.get('name')}.description must start with "
        "'Required.' or 'Optional.'"
    )


def render_tables(tables: list[dict]) -> str:
    """The generated part of the document (markers included)."""
    parts = [BEGIN, ""]
    for table in tables:
        name = table["name"]
        optional = "optional table (missing file/table = empty)"
        kind = "**required table**" if is_required_table(table) else optional
        parts += [f"### `{name}` — {kind}", ""]
        parts += [" ".join(str(table.get("description") or "").split()), ""]
        parts += ["| column | required | meaning and accepted format |", "| --- | --- | --- |"]
        parts += [column_row(name, column) for column in table.get("columns") or []]
        parts.append("")
    parts.append(END)
    return "\n".join(parts)


def render_document(current: str, tables: list[dict]) -> str:
    """`current` with the part between the markers replaced."""
    start, end = current.find(BEGIN), current.find(END)
    if start < 0 or end < start:
        raise ContractError(f"{CONTRACT_DOC}: the markers {BEGIN!r} and {END!r} are missing")
    return current[:start] + render_tables(tables) + current[end + len(END) :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--project-dir", type=Path, default=REPO, help="the dbt project folder (default: this repository)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when docs/input-contract.md is out of date",
    )
    args = parser.parse_args(argv)
    doc_path = args.project_dir / CONTRACT_DOC
    try:
        current = doc_path.read_text(encoding="utf-8")
        expected = render_document(current, load_tables(args.project_dir / SOURCES_YAML))
    except (OSError, ContractError, yaml.YAMLError) as error:
        print(f"generate_input_contract: {error}", file=sys.stderr)
        return 1
    if expected == current:
        print(f"{CONTRACT_DOC} is up to date")
        return 0
    if args.check:
        print(
            f"generate_input_contract: {CONTRACT_DOC} is out of date; run scripts/generate_input_contract.py",
            file=sys.stderr,
        )
        return 1
    doc_path.write_text(expected, encoding="utf-8")
    print(f"wrote {CONTRACT_DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
