"""The dbt unit tests of the segment language, written in the language itself.

`segments/unit_tests.yml` holds dbt unit tests of `segment_memberships` whose
`overrides.vars.segment_definitions_override` is a small definitions document (`segments`,
optional `groups`) in the language of segments.yml. The generator validates each one with the
same validator as segments.yml (errors name the unit test, the segment and the key path),
replaces it by the render form the macros take (render.py), and writes the tests to
models/segments/generated/_generated__unit_tests.yml. So the macros never validate, and every
operator is tested through the one path real segments take.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from segment_lang.render import segment_conditions
from segment_lang.validate import SegmentDefinitionError, ValidationIssue, load_definitions, validate

UNIT_TESTS_FILE = "segments/unit_tests.yml"
OVERRIDE_VAR = "segment_definitions_override"


def _issue(test_name: str, message: str, issue: ValidationIssue | None = None) -> SegmentDefinitionError:
    path = f"unit test '{test_name}'" + (f" {issue.path}" if issue else "")
    return SegmentDefinitionError(
        [ValidationIssue(path, issue.message if issue else message, issue and issue.segment)]
    )


def render_unit_tests(doc: Any, columns: dict[str, str]) -> list[dict[str, Any]]:
    """The unit tests with each definitions override validated and in render form."""
    if not isinstance(doc, dict) or not isinstance(doc.get("unit_tests"), list):
        raise SegmentDefinitionError(
            [ValidationIssue(UNIT_TESTS_FILE, "expected a mapping with a 'unit_tests' list")]
        )
    out = []
    for test in doc["unit_tests"]:
        name = test.get("name", "?") if isinstance(test, dict) else "?"
        try:
            override = test["overrides"]["vars"][OVERRIDE_VAR]
        except (KeyError, TypeError):
            raise _issue(name, f"needs overrides.vars.{OVERRIDE_VAR}") from None
        # unit-test segments need no description; everything else is checked as in segments.yml
        if isinstance(override, dict) and isinstance(override.get("segments"), list):
            override = {
                **override,
                "segments": [
                    {"description": s.get("name", "?"), **s} if isinstance(s, dict) else s
                    for s in override["segments"]
                ],
            }
        try:
            normalized = validate(override, columns)
        except SegmentDefinitionError as exc:
            errors = [_issue(name, "", issue).issues[0] for issue in exc.issues]
            raise SegmentDefinitionError(errors) from None
        rendered = copy.deepcopy(test)
        rendered["overrides"]["vars"][OVERRIDE_VAR] = segment_conditions(normalized, columns)
        out.append(rendered)
    return out


def load_unit_tests(project_dir: Path, columns: dict[str, str]) -> list[dict[str, Any]]:
    path = project_dir / UNIT_TESTS_FILE
    if not path.is_file():
        return []
    return render_unit_tests(load_definitions(path), columns)
