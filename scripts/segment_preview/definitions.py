"""Read a definition to preview and validate it with exactly the generator's rules.

A definition is YAML (a file or stdin) in one of three forms:

- a segments file (`segments: [...]`, optional `groups:`): every segment in it is previewed,
  exclusive groups resolved as the build resolves them;
- one segment (`name`, `description`, `where`, ...; name and description may be left out);
- a bare condition tree (what goes under `where:`).

Validation is segment_lang.validate (the generator's only validator) on a one-segment file, so
the rules, limits and messages are the generator's; only the `segments[0].` prefix of the key
path is dropped for the last two forms. render.segment_conditions gives the condition the
macros render, as it does for the generated models.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from segment_lang.render import segment_conditions
from segment_lang.validate import (
    SEGMENT_KEYS,
    SegmentDefinitionError,
    check_text_limits,
    load_definitions,
    validate,
)

from segment_preview.errors import InvalidDefinition, UsageError

PREVIEW_NAME = "preview"
PREVIEW_DESCRIPTION = "Previewed definition"


@dataclass(frozen=True)
class PreviewTarget:
    """One segment to preview and what segment_membership_sql must render for it: the segment
    itself and, in an exclusive group, the group's earlier members (a member is only in the
    first segment of its group that matches)."""

    name: str
    rendered: list[dict[str, Any]]


def _issues_text(exc: SegmentDefinitionError, strip_prefix: bool) -> str:
    texts = []
    for issue in exc.issues:
        text = str(issue).removeprefix("<file>: ")
        if strip_prefix:
            text = text.removeprefix("segments[0].").removeprefix("segments[0]")
            text = text.removesuffix(f" (segment '{PREVIEW_NAME}')")
        texts.append(text)
    more = f" (and {len(texts) - 1} more: {'; '.join(texts[1:])})" if len(texts) > 1 else ""
    return f"invalid definition: {texts[0]}{more}"


def _targets(normalized: dict[str, Any], columns: dict[str, str]) -> list[PreviewTarget]:
    rendered = segment_conditions(normalized, columns)
    targets = []
    for seg in rendered:
        earlier = [
            other
            for other in rendered
            if seg["group"] is not None
            and other["group"] == seg["group"]
            and other["group_priority"] < seg["group_priority"]
        ]
        targets.append(PreviewTarget(seg["name"], [*earlier, seg]))
    return targets


def parse_text(text: str) -> Any:
    """YAML text after the generator's size and nesting limits."""
    try:
        check_text_limits(text)
        return yaml.safe_load(text)
    except SegmentDefinitionError as exc:
        raise InvalidDefinition(_issues_text(exc, strip_prefix=False)) from None
    except yaml.YAMLError as exc:
        raise InvalidDefinition(f"invalid definition: not valid YAML: {' '.join(str(exc).split())}") from None


def targets_from_document(doc: Any, columns: dict[str, str]) -> list[PreviewTarget]:
    """Validate a parsed definition (any of the three forms) and return what to preview."""
    if doc is None:
        raise InvalidDefinition("invalid definition: the definition is empty")
    single = not (isinstance(doc, dict) and "segments" in doc)
    if single:
        is_segment = isinstance(doc, dict) and any(key in SEGMENT_KEYS for key in doc)
        segment = dict(doc) if is_segment else {"where": doc}
        segment.setdefault("name", PREVIEW_NAME)
        segment.setdefault("description", PREVIEW_DESCRIPTION)
        doc = {"segments": [segment]}
    try:
        normalized = validate(doc, columns)
    except SegmentDefinitionError as exc:
        raise InvalidDefinition(_issues_text(exc, strip_prefix=single)) from None
    return _targets(normalized, columns)


def targets_from_segments_file(path: Path, columns: dict[str, str], name: str | None) -> list[PreviewTarget]:
    """Every segment of a segments file (validated whole, as the generator does), or only `name`."""
    if not path.is_file():
        raise UsageError(f"definitions file not found: {path}")
    try:
        normalized = validate(load_definitions(path), columns)
    except SegmentDefinitionError as exc:
        raise InvalidDefinition(f"{path.name}: {_issues_text(exc, strip_prefix=False)}") from None
    targets = _targets(normalized, columns)
    if name is None:
        return targets
    for target in targets:
        if target.name == name:
            return [target]
    raise UsageError(f"no segment named {name!r} in {path.name}")
