"""Validate segments/segments.yml and write the generated segment models.

For every segment it writes models/segments/generated/segment_<name>.sql (one macro call) and
one models/segments/generated/_generated__models.yml with each model's description, owner, the
definition itself (config.meta.segment) and the condition the macros render
(config.meta.segment_condition); and the language's dbt unit tests from segments/unit_tests.yml,
validated the same way, to models/segments/generated/_generated__unit_tests.yml. `--check`
writes nothing and fails when the generated files are out of date, so CI catches a definitions
change that was not regenerated. Exit 0 ok, 1 invalid definitions or out-of-date files, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from segment_lang.catalog import load_columns  # noqa: E402
from segment_lang.generate import GENERATED_DIR, render_files, synthetic_segments  # noqa: E402
from segment_lang.unit_tests import load_unit_tests  # noqa: E402
from segment_lang.validate import SegmentDefinitionError, load_definitions, validate  # noqa: E402

REPO = SCRIPTS.parent


def expected_files(project_dir: Path, definitions: Path, synthetic: int = 0) -> dict[str, str]:
    """Relative path -> content of every generated file for this definitions file."""
    doc = load_definitions(definitions)
    if synthetic and isinstance(doc, dict):
        doc = {**doc, "segments": [*(doc.get("segments") or []), *synthetic_segments(synthetic)]}
    columns, _ = load_columns(project_dir)
    return render_files(validate(doc, columns), columns, load_unit_tests(project_dir, columns)).files


def stale_files(project_dir: Path, expected: dict[str, str]) -> list[str]:
    """Relative paths whose content differs from `expected`, is missing, or should not exist."""
    out_dir = project_dir / GENERATED_DIR
    present = (
        {str(p.relative_to(project_dir)) for p in out_dir.glob("*") if p.is_file()}
        if out_dir.exists()
        else set()
    )
    differ = [
        rel
        for rel, text in expected.items()
        if not (project_dir / rel).is_file() or (project_dir / rel).read_text() != text
    ]
    return sorted(set(differ) | (present - set(expected)))


def write_files(project_dir: Path, expected: dict[str, str]) -> list[str]:
    """Write what changed, delete generated files of removed segments; return changed paths."""
    changed = stale_files(project_dir, expected)
    (project_dir / GENERATED_DIR).mkdir(parents=True, exist_ok=True)
    for rel in changed:
        path = project_dir / rel
        if rel in expected:
            path.write_text(expected[rel])
        else:
            path.unlink()
    return changed


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=REPO,
        help="dbt project root; files go to <project-dir>/models/segments/generated (default: this repo)",
    )
    parser.add_argument(
        "--definitions",
        type=Path,
        default=None,
        help="the segments file (default: <project-dir>/segments/segments.yml)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the generated files are out of date or the definitions are invalid",
    )
    parser.add_argument(
        "--synthetic",
        type=int,
        default=0,
        metavar="N",
        help="also generate N synthetic segments (timing runs in a scratch copy only; never commit them)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    project_dir = args.project_dir.resolve()
    definitions = args.definitions or project_dir / "segments" / "segments.yml"
    if not definitions.is_file():
        print(f"error: definitions file not found: {definitions}", file=sys.stderr)
        return 2
    if args.synthetic < 0:
        print("error: --synthetic must be >= 0", file=sys.stderr)
        return 2
    try:
        expected = expected_files(project_dir, definitions, args.synthetic)
    except SegmentDefinitionError as exc:
        for issue in exc.issues:
            print(f"  {issue}", file=sys.stderr)
        print(
            f"error: {definitions.name} is invalid ({len(exc.issues)} problem(s), listed above)",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # a bug, not the input's fault: still one line, no traceback
        first_line = (str(exc).splitlines() or [""])[0][:300]
        print(
            f"error: unexpected {type(exc).__name__} while reading {definitions.name}: {first_line}",
            file=sys.stderr,
        )
        return 1
    n_models = sum(1 for rel in expected if rel.endswith(".sql"))
    if args.check:
        stale = stale_files(project_dir, expected)
        if stale:
            print(
                f"error: generated segment files are out of date ({', '.join(stale)}); run `make generate`",
                file=sys.stderr,
            )
            return 1
        print(f"ok: {n_models} segment models up to date")
        return 0
    changed = write_files(project_dir, expected)
    print(f"ok: {n_models} segment models, {len(changed)} file(s) written or removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
