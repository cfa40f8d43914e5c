"""Preview a segment definition against the built warehouse: how many customers, which share,
which existing segments it overlaps, a few customer ids. No dbt build, nothing written.

The definition is validated with the generator's rules (scripts/segment_lang) and evaluated
with the macros the build uses, by rendering the segment_memberships model in-process (no dbt
process), on the warehouse opened read-only at the as_of date it was built for. Only customer
ids are printed, never names, emails or phones.

Exit codes: 0 ok; 1 invalid definition (the message names the key path); 2 bad arguments
(nothing to preview, unknown --name, unreadable file); 3 warehouse missing or not built; 4
warehouse locked by a writer (a dbt build or an export; see --wait); 5 the definition reads a
column the built warehouse does not have yet (rebuild); 6 unexpected error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from segment_lang.catalog import load_columns  # noqa: E402
from segment_preview.definitions import (  # noqa: E402
    PreviewTarget,
    parse_text,
    targets_from_document,
    targets_from_segments_file,
)
from segment_preview.errors import PreviewError, UsageError  # noqa: E402
from segment_preview.warehouse import PreviewRun, default_duckdb_path, run_previews  # noqa: E402

REPO = SCRIPTS.parent
EXIT_UNEXPECTED = 6


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code is 2 as well; one line
        self.exit(2, f"error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "definition",
        nargs="?",
        help="YAML file with the definition, or - for stdin: a condition tree (what goes under "
        "where:), one segment (name, description, where), or a whole segments file",
    )
    parser.add_argument("--name", help="preview the existing segment NAME of the segments file")
    parser.add_argument(
        "--all-examples",
        action="store_true",
        help="preview every segment of the segments file (one query each)",
    )
    parser.add_argument(
        "--definitions",
        type=Path,
        default=None,
        help="the segments file for --name and --all-examples (default: segments/segments.yml)",
    )
    parser.add_argument(
        "--duckdb-path",
        type=Path,
        default=None,
        help="warehouse file (default: $DUCKDB_PATH, else <repo>/warehouse/shop_segments.duckdb)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=10,
        metavar="N",
        help="print the first N member customer ids, by id (default 10; 0 for none)",
    )
    parser.add_argument(
        "--all-ids",
        action="store_true",
        help="also list every member customer id (ids only; for tools and tests)",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="while a writer holds the warehouse, retry for up to SECONDS before exit 4 (default 0)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of text")
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=REPO,
        help="dbt project root: its macros/, models/ and segments/ (default: this repo)",
    )
    return parser


def _targets(args: argparse.Namespace, project_dir: Path) -> list[PreviewTarget]:
    chosen = [args.definition is not None, args.name is not None, args.all_examples]
    if sum(chosen) != 1:
        raise UsageError(
            "give exactly one of: a definition file (or - for stdin), --name NAME, --all-examples"
        )
    if args.sample < 0:
        raise UsageError("--sample must be >= 0")
    columns, _ = load_columns(project_dir)
    if args.definition is None:
        definitions = args.definitions or project_dir / "segments" / "segments.yml"
        return targets_from_segments_file(definitions, columns, args.name)
    if args.definition == "-":
        text = sys.stdin.read()
    else:
        path = Path(args.definition)
        if not path.is_file():
            raise UsageError(f"definition file not found: {path}")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"definition file {path} cannot be read: {exc}") from None
    return targets_from_document(parse_text(text), columns)


def format_text(run: PreviewRun) -> str:
    lines = [f"warehouse {run.warehouse}, as of {run.as_of_date}, {run.customers_total} customers"]
    for preview in run.previews:
        share = f"{preview.share_of_customers:.1%}" if preview.share_of_customers is not None else "n/a"
        lines.append("")
        lines.append(f"{preview.name}: {preview.members} members ({share} of customers)")
        if preview.overlap:
            lines.append("  overlap with built segments (top by Jaccard):")
            width = max(len(o["segment"]) for o in preview.overlap)
            for o in preview.overlap:
                lines.append(
                    f"    {o['segment']:<{width}}  jaccard {o['jaccard']:.3f}  shared {o['shared']:>7}  "
                    f"size {o['size']:>7}"
                )
        if preview.sample_customer_ids:
            lines.append(f"  first customer ids: {', '.join(preview.sample_customer_ids)}")
        if preview.customer_ids is not None:
            lines.append(f"  all customer ids: {', '.join(preview.customer_ids)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = build_parser().parse_args(argv)
    project_dir = args.project_dir.resolve()
    try:
        targets = _targets(args, project_dir)
        run = run_previews(
            args.duckdb_path or default_duckdb_path(project_dir),
            project_dir,
            targets,
            sample=args.sample,
            all_ids=args.all_ids,
            wait_seconds=args.wait,
        )
    except PreviewError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)  # one line, always
        return exc.exit_code
    except Exception as exc:  # a bug, not the input's fault: still one line, no traceback
        first_line = (str(exc).splitlines() or [""])[0][:300]
        print(f"error: unexpected {type(exc).__name__}: {first_line}", file=sys.stderr)
        return EXIT_UNEXPECTED
    if args.json:
        print(json.dumps({**run.as_dict(), "seconds": round(time.perf_counter() - started, 3)}, indent=2))
    else:
        print(format_text(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
