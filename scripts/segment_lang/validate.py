"""Validate a segments file and normalise it into plain JSON-able definitions.

Every problem is reported with the segment's name and the path of the offending key, e.g.
`segments[3].where.all[1].orders_count.gtt: unknown operator 'gtt' ...`. This is the only
validator: the dbt macros render what render.py derives from a validated tree and check nothing
(a hand-edited generated file is refused by `generate_segments.py --check`). docs/segments.md is
the reference.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_NAME_LENGTH = 50
# segment_<name> must not collide with the hand-written models of models/segments/.
RESERVED_NAMES = ("memberships", "definitions", "summary", "overlap")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DURATION_RE = re.compile(r"^\s*([0-9]+)\s+(day|days|week|weeks|month|months|year|years)\s*$")
PERIODS = ("this_year", "last_year", "this_month", "last_month")

BOOLEAN_KEYS = ("all", "any", "not")
ACTIVITY_KEYS = (
    "purchased",
    "ordered",
    "first_order",
    "last_order",
    "abandoned_cart",
    "has_tag",
    "attribute",
)

COMPARISON_OPS = ("eq", "ne", "gt", "gte", "lt", "lte")
DATE_OPS = ("before", "after", "on", "within", "within_next", "ago", "during")
OPS_BY_KIND: dict[str, tuple[str, ...]] = {
    "number": (*COMPARISON_OPS, "between", "in", "not_in", "is_null"),
    "text": (*COMPARISON_OPS, "between", "in", "not_in", "is_null", "contains"),
    "date": (*COMPARISON_OPS, "between", "in", "not_in", "is_null", *DATE_OPS),
    "timestamp": (*COMPARISON_OPS, "between", "is_null", *DATE_OPS),
    "boolean": ("eq", "ne", "is_null"),
    "list": ("contains", "is_null"),
    "map": ("is_null",),
}
# Filters on the event date of an activity (order date, cart date).
ACTIVITY_DATE_OPS = ("before", "after", "on", "within", "within_next", "ago", "during", "between")
COUNT_OPS = (*COMPARISON_OPS, "between", "in", "not_in")
# Volume measures of the matching orders of an `ordered` condition (beside count and total):
# total items, items per order, order value per order (averages null without a matching order).
ORDERED_MEASURES = ("items", "avg_items", "avg_order_value")
# `abandoned_cart: {cart_total: {...}}` filters each cart by its value (null never matches).
CART_TOTAL_OPS = (*COMPARISON_OPS, "between")
# attribute values are text; a number literal compares numerically, date operators as dates.
ATTRIBUTE_OPS = (*COMPARISON_OPS, "between", "in", "not_in", "is_null", "contains", *DATE_OPS)

SEGMENT_KEYS = ("name", "description", "owner", "requires_consent", "where")

# Limits (docs/segments.md, "Limits"): far above real use, low enough that a hostile or careless
# file is refused in well under a second instead of exhausting time, memory or recursion.
MAX_FILE_BYTES = 2 * 1024 * 1024  # the segments file on disk
MAX_YAML_DEPTH = 64  # nesting of mappings and lists anywhere in the file
MAX_CONDITION_DEPTH = 20  # all / any / not levels inside one `where`
MAX_LIST_ITEMS = 10_000  # items in one list (segments, in/not_in values, all/any children)
MAX_NODES = 200_000  # keys and values in the whole file after YAML aliases are expanded
MAX_TEXT_LENGTH = 10_000  # characters in one key or value
# Every text in the file is inert: dbt renders Jinja in the YAML it is copied into, so a value
# that could open a Jinja expression, statement or comment is refused, never rendered.
JINJA_MARKERS = ("{{", "{%", "{#")
GROUP_KEYS = ("name", "description", "segments")


@dataclass(frozen=True)
class ValidationIssue:
    """One problem in the definitions file."""

    path: str
    message: str
    segment: str | None = None

    def __str__(self) -> str:
        where = f" (segment '{self.segment}')" if self.segment else ""
        return f"{self.path}: {self.message}{where}"


class SegmentDefinitionError(ValueError):
    """The definitions file is invalid; `issues` lists every problem found."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def _plain(value: Any) -> Any:
    """YAML dates (unquoted 2026-01-31) become 'YYYY-MM-DD' text; everything else as is."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        # YAML 1.1 reads an unquoted `on:` key as the boolean true; the language means the operator.
        return {("on" if k is True else str(k)): _plain(v) for k, v in value.items()}
    return value


def _key_path(parts: list[str | int]) -> str:
    """segments[3].where.not.not: list indexes in brackets; long runs of one key shortened."""
    out: list[str] = []
    for part in parts:
        out.append(f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part))
    text = "".join(out)
    return re.sub(
        r"((\.[A-Za-z_]+)\2{3,})", lambda m: f"{m.group(2)}(x{len(m.group(1)) // len(m.group(2))})", text
    )


def _limit_issue(parts: list[str | int], message: str, doc: Any = None) -> SegmentDefinitionError:
    """The error for a limit at `parts`, naming the segment when the path is inside one."""
    segment = None
    if len(parts) > 1 and parts[0] == "segments" and isinstance(parts[1], int) and isinstance(doc, dict):
        seg = (doc.get("segments") or [None] * (parts[1] + 1))[parts[1]]
        name = seg.get("name") if isinstance(seg, dict) else None
        segment = name if isinstance(name, str) and NAME_RE.match(name) else None
    return SegmentDefinitionError([ValidationIssue(_key_path(parts) or "<file>", message, segment)])


def check_text_limits(text: str) -> None:
    """Refuse a file over the size or YAML nesting limit before it is parsed into objects.

    Walks PyYAML's event stream (a state machine, no recursion), so 10,000 nested levels are
    refused at level MAX_YAML_DEPTH in milliseconds, with the key path, and never reach the
    recursive composer.
    """
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise _limit_issue([], f"the file is larger than the limit of {MAX_FILE_BYTES // 1024} KiB")
    # Per open container: [kind, path part, expecting a key?, next list index]
    stack: list[list] = []
    parts: list[str | int] = []

    def child_part() -> str | int | None:
        if not stack:
            return None
        top = stack[-1]
        if top[0] == "seq":
            top[3] += 1
            return top[3] - 1
        return top[1]

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                if stack and stack[-1][0] == "map" and stack[-1][2]:
                    stack[-1][1] = event.value if isinstance(event, yaml.ScalarEvent) else "<alias>"
                    stack[-1][2] = False
                    continue
                child_part()
                if stack and stack[-1][0] == "map":
                    stack[-1][2] = True
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                part = child_part()
                if part is not None:
                    parts.append(part)
                if len(stack) >= MAX_YAML_DEPTH:
                    raise _limit_issue(parts, f"nested deeper than the limit of {MAX_YAML_DEPTH} levels")
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                stack.append([kind, None, True, 0])
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                stack.pop()
                if stack:
                    parts.pop()
                    if stack[-1][0] == "map":
                        stack[-1][2] = True
    except yaml.YAMLError as exc:
        raise SegmentDefinitionError([ValidationIssue("<file>", f"not valid YAML: {exc}")]) from None


def check_limits(doc: Any) -> None:
    """Refuse a parsed document over a limit, or with a text that could be read as Jinja, or a
    number that is not finite. Iterative and budgeted: YAML aliases (shared or even recursive
    objects) are walked as their expansion, and the walk stops at MAX_NODES."""
    nodes = 0
    todo: list[tuple[Any, list[str | int]]] = [(doc, [])]
    while todo:
        value, parts = todo.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise _limit_issue(
                parts,
                f"the file expands (YAML aliases included) to more than the limit of {MAX_NODES:,} values",
            )
        if len(parts) > MAX_YAML_DEPTH:
            raise _limit_issue(parts, f"nested deeper than the limit of {MAX_YAML_DEPTH} levels", doc)
        if isinstance(value, dict):
            for key, child in reversed(list(value.items())):
                _check_text([*parts, str(key)], key, "key", doc)
                todo.append((child, [*parts, str(key)]))
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                raise _limit_issue(
                    parts, f"a list of {len(value):,} items; the limit is {MAX_LIST_ITEMS:,}", doc
                )
            todo.extend((child, [*parts, i]) for i, child in reversed(list(enumerate(value))))
        elif isinstance(value, float) and not math.isfinite(value):
            raise _limit_issue(
                parts, f"expected a finite number, got {value!r} (.nan and .inf are refused)", doc
            )
        else:
            _check_text(parts, value, "value", doc)


def _check_text(parts: list[str | int], value: Any, what: str, doc: Any) -> None:
    if not isinstance(value, str):
        return
    if len(value) > MAX_TEXT_LENGTH:
        raise _limit_issue(
            parts, f"a {what} of {len(value):,} characters; the limit is {MAX_TEXT_LENGTH:,}", doc
        )
    for marker in JINJA_MARKERS:
        if marker in value:
            raise _limit_issue(
                parts,
                f"the {what} contains {marker!r}, which dbt would read as a template: definitions "
                "are plain text, so write it another way (e.g. '{ {')",
                doc,
            )


class _Checker:
    def __init__(self, columns: dict[str, str]) -> None:
        self.columns = columns
        self.issues: list[ValidationIssue] = []
        self.segment: str | None = None

    def err(self, path: str, message: str) -> None:
        self.issues.append(ValidationIssue(path, message, self.segment))

    # ---- scalar values -------------------------------------------------------------------
    def check_scalar(self, path: str, value: Any, kind: str) -> bool:
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.err(path, f"expected a number, got {_type_name(value)} {value!r}")
                return False
            return True
        if kind in ("date", "timestamp"):
            return self.check_date(path, value)
        if kind == "boolean":
            if not isinstance(value, bool):
                self.err(path, f"expected true or false, got {_type_name(value)} {value!r}")
                return False
            return True
        # text (and list elements)
        if not isinstance(value, str):
            hint = ""
            if isinstance(value, bool):
                hint = " (YAML reads unquoted yes/no/on/off/true/false as booleans: quote it)"
            elif isinstance(value, int | float):
                hint = " (quote it: '...')"
            self.err(path, f"expected text, got {_type_name(value)} {value!r}{hint}")
            return False
        return True

    def check_date(self, path: str, value: Any) -> bool:
        if isinstance(value, str) and DATE_RE.match(value):
            try:
                dt.date.fromisoformat(value)
                return True
            except ValueError:
                pass
        self.err(path, f"expected a date 'YYYY-MM-DD', got {value!r}")
        return False

    def check_duration(self, path: str, value: Any, minimum: int) -> None:
        m = DURATION_RE.match(value) if isinstance(value, str) else None
        if not m:
            self.err(path, f"expected a duration like '90 days' (days|weeks|months|years), got {value!r}")
        elif int(m.group(1)) < minimum:
            self.err(path, f"duration must be at least {minimum}, got {value!r}")

    def check_list(self, path: str, value: Any, kind: str) -> None:
        if not isinstance(value, list) or not value:
            self.err(path, f"expected a non-empty list, got {_type_name(value)} {value!r}")
            return
        for i, v in enumerate(value):
            self.check_scalar(f"{path}[{i}]", v, kind)

    def check_text_or_list(self, path: str, value: Any) -> None:
        if isinstance(value, list):
            self.check_list(path, value, "text")
        else:
            self.check_scalar(path, value, "text")

    # ---- operators -----------------------------------------------------------------------
    def check_op(self, path: str, op: str, value: Any, kind: str) -> None:
        """One operator with its value against a value of `kind`."""
        if op in COMPARISON_OPS:
            self.check_scalar(path, value, kind)
        elif op == "between":
            if not isinstance(value, list) or len(value) != 2:
                self.err(path, f"expected a list of two values [low, high], got {value!r}")
            elif self.check_scalar(f"{path}[0]", value[0], kind) & self.check_scalar(
                f"{path}[1]", value[1], kind
            ):
                if value[0] > value[1]:
                    self.err(path, f"low {value[0]!r} is greater than high {value[1]!r}")
        elif op in ("in", "not_in"):
            self.check_list(path, value, kind)
        elif op == "is_null":
            self.check_scalar(path, value, "boolean")
        elif op == "contains":
            self.check_scalar(path, value, "text")
        elif op in ("before", "after", "on"):
            self.check_date(path, value)
        elif op in ("within", "within_next"):
            self.check_duration(path, value, 1)
        elif op == "ago":
            self.check_duration(path, value, 0)
        elif op == "during":
            if value not in PERIODS:
                self.err(path, f"expected one of {', '.join(PERIODS)}, got {value!r}")

    def check_ops(self, path: str, ops: Any, allowed: tuple[str, ...], kind: str, what: str) -> None:
        if not isinstance(ops, dict) or not ops:
            self.err(path, f"expected a mapping of operators ({', '.join(allowed)}), got {ops!r}")
            return
        for op, value in ops.items():
            p = f"{path}.{op}"
            if op not in allowed:
                self.err(p, f"unknown operator '{op}' for {what}; expected one of {', '.join(allowed)}")
                continue
            self.check_op(p, op, value, kind)

    def check_attribute_op(self, path: str, op: str, value: Any) -> None:
        if op in (*COMPARISON_OPS, "between", "in", "not_in"):
            values = value if op in ("between", "in", "not_in") and isinstance(value, list) else [value]
            kinds = {
                ("number" if isinstance(v, int | float) and not isinstance(v, bool) else "text")
                for v in values
            }
            self.check_op(path, op, value, kinds.pop() if len(kinds) == 1 else "text")
        else:
            self.check_op(path, op, value, "text")

    # ---- activity conditions -------------------------------------------------------------
    def check_filters(self, path: str, spec: dict, filters: dict[str, str], extra: tuple[str, ...]) -> None:
        allowed = (*filters, *ACTIVITY_DATE_OPS, *extra)
        for key, value in spec.items():
            p = f"{path}.{key}"
            if key not in allowed:
                self.err(p, f"unknown key '{key}'; expected one of {', '.join(allowed)}")
            elif key in filters:
                if filters[key] == "text_or_list":
                    self.check_text_or_list(p, value)
                elif filters[key] == "offer_code" and value != "any":
                    self.check_text_or_list(p, value)
                elif filters[key] == "boolean":
                    self.check_scalar(p, value, "boolean")
                elif filters[key] == "number_ops":
                    self.check_ops(p, value, CART_TOTAL_OPS, "number", f"'{key}'")
            elif key in ACTIVITY_DATE_OPS:
                self.check_op(p, key, value, "date")
            elif key in ("min_quantity", "min_orders"):
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    self.err(p, f"expected a whole number >= 1, got {value!r}")
            elif key in ("count", "total", *ORDERED_MEASURES):
                self.check_ops(p, value, COUNT_OPS, "number", f"'{key}'")

    def check_activity(self, path: str, key: str, spec: Any) -> None:
        if key == "has_tag":
            self.check_text_or_list(path, spec)
            return
        if not isinstance(spec, dict):
            self.err(path, f"expected a mapping, got {_type_name(spec)} {spec!r}")
            return
        text = "text_or_list"
        if key == "purchased":
            self.check_filters(
                path,
                spec,
                {"sku": text, "brand": text, "category": text, "product_tag": text},
                ("min_quantity", "min_orders"),
            )
        elif key == "ordered":
            self.check_filters(
                path,
                spec,
                {"status": text, "offer_code": "offer_code", "sales_channel": text, "discounted": "boolean"},
                ("count", "total", *ORDERED_MEASURES),
            )
        elif key == "abandoned_cart":
            self.check_filters(path, spec, {"cart_total": "number_ops"}, ("count", "total"))
        elif key in ("first_order", "last_order"):
            self.check_ops(path, spec, (*OPS_BY_KIND["date"],), "date", f"'{key}'")
        elif key == "attribute":
            if "name" not in spec:
                self.err(f"{path}.name", "missing the attribute name ('name: <attribute>')")
            elif not isinstance(spec["name"], str) or not spec["name"]:
                self.err(f"{path}.name", f"expected text, got {spec['name']!r}")
            ops = {k: v for k, v in spec.items() if k != "name"}
            if not ops:
                self.err(path, f"no operator given; expected one of {', '.join(ATTRIBUTE_OPS)}")
            for op, value in ops.items():
                p = f"{path}.{op}"
                if op not in ATTRIBUTE_OPS:
                    self.err(
                        p,
                        f"unknown operator '{op}' for 'attribute'; expected one of "
                        + ", ".join(ATTRIBUTE_OPS),
                    )
                else:
                    self.check_attribute_op(p, op, value)

    # ---- condition tree ------------------------------------------------------------------
    def check_condition(self, path: str, node: Any, depth: int = 0) -> None:
        """depth: how many all / any / not levels enclose this node."""
        if depth > MAX_CONDITION_DEPTH:
            self.err(
                path, f"conditions nested deeper than the limit of {MAX_CONDITION_DEPTH} (all / any / not)"
            )
            return
        if not isinstance(node, dict) or len(node) != 1:
            got = f"{len(node)} keys ({', '.join(map(str, node))})" if isinstance(node, dict) else repr(node)
            self.err(
                path,
                f"a condition is a mapping with exactly one key (a column, all, any, not or an "
                f"activity), got {got}",
            )
            return
        ((key, value),) = node.items()
        p = f"{path}.{key}"
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                self.err(p, f"'{key}' needs a non-empty list of conditions, got {value!r}")
                return
            for i, child in enumerate(value):
                self.check_condition(f"{p}[{i}]", child, depth + 1)
        elif key == "not":
            self.check_condition(p, value, depth + 1)
        elif key in ACTIVITY_KEYS:
            self.check_activity(p, key, value)
        elif key in self.columns:
            kind = self.columns[key]
            self.check_ops(p, value, OPS_BY_KIND[kind], kind, f"{kind} column '{key}'")
        else:
            self.err(
                p,
                f"unknown column or condition '{key}' (not a column of dim_customers, nor one of "
                f"{', '.join(BOOLEAN_KEYS + ACTIVITY_KEYS)})",
            )

    # ---- file ----------------------------------------------------------------------------
    def check_segment(self, i: int, seg: Any, seen: dict[str, int]) -> None:
        path = f"segments[{i}]"
        self.segment = None
        if not isinstance(seg, dict):
            self.err(path, f"expected a mapping, got {_type_name(seg)}")
            return
        name = seg.get("name")
        if isinstance(name, str):
            self.segment = name
        for key in seg:
            if key not in SEGMENT_KEYS:
                self.err(f"{path}.{key}", f"unknown key '{key}'; expected one of {', '.join(SEGMENT_KEYS)}")
        if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > MAX_NAME_LENGTH:
            self.err(
                f"{path}.name",
                f"expected a snake_case name (a-z, 0-9, _; at most {MAX_NAME_LENGTH} "
                f"characters, starting with a letter), got {name!r}",
            )
        elif name in RESERVED_NAMES:
            self.err(f"{path}.name", f"'{name}' is reserved: segment_{name} is a model of the segments layer")
        elif name in seen:
            self.err(f"{path}.name", f"duplicate segment name '{name}' (also segments[{seen[name]}])")
        else:
            seen[name] = i
        if not isinstance(seg.get("description"), str) or not seg["description"].strip():
            self.err(f"{path}.description", "a non-empty description is required")
        if "owner" in seg and seg["owner"] is not None and not isinstance(seg["owner"], str):
            self.err(f"{path}.owner", f"expected text, got {seg['owner']!r}")
        if "requires_consent" in seg and not isinstance(seg["requires_consent"], bool):
            self.err(f"{path}.requires_consent", f"expected true or false, got {seg['requires_consent']!r}")
        if "where" not in seg:
            self.err(f"{path}.where", "missing the condition tree 'where'")
        else:
            self.check_condition(f"{path}.where", seg["where"])

    def check_groups(self, groups: Any, names: dict[str, int]) -> dict[str, tuple[str, int]]:
        """segment name -> (group name, priority starting at 1)."""
        self.segment = None
        membership: dict[str, tuple[str, int]] = {}
        if groups is None:
            return membership
        if not isinstance(groups, list):
            self.err("groups", f"expected a list of groups, got {_type_name(groups)}")
            return membership
        seen: set[str] = set()
        for gi, group in enumerate(groups):
            path = f"groups[{gi}]"
            if not isinstance(group, dict):
                self.err(path, f"expected a mapping, got {_type_name(group)}")
                continue
            for key in group:
                if key not in GROUP_KEYS:
                    self.err(f"{path}.{key}", f"unknown key '{key}'; expected one of {', '.join(GROUP_KEYS)}")
            gname = group.get("name")
            if not isinstance(gname, str) or not NAME_RE.match(gname):
                self.err(f"{path}.name", f"expected a snake_case group name, got {gname!r}")
                continue
            if gname in seen:
                self.err(f"{path}.name", f"duplicate group name '{gname}'")
            seen.add(gname)
            members = group.get("segments")
            if not isinstance(members, list) or not members:
                self.err(f"{path}.segments", "a group needs a non-empty ordered list of segment names")
                continue
            for si, member in enumerate(members):
                p = f"{path}.segments[{si}]"
                if member not in names:
                    self.err(p, f"unknown segment {member!r} in group '{gname}'")
                elif member in membership:
                    self.err(
                        p,
                        f"segment '{member}' is already in group '{membership[member][0]}'; "
                        "a segment belongs to at most one group",
                    )
                else:
                    membership[member] = (gname, si + 1)
        return membership


def validate(doc: Any, columns: dict[str, str]) -> dict[str, Any]:
    """Check a parsed segments file; return {'segments': [...], 'groups': [...]} normalised.

    Raises SegmentDefinitionError listing every problem (a limit stops at the first).
    """
    check_limits(doc)
    checker = _Checker({k.lower(): v for k, v in columns.items()})
    doc = _plain(doc)
    if not isinstance(doc, dict):
        raise SegmentDefinitionError([ValidationIssue("<file>", "expected a mapping with a 'segments' list")])
    for key in doc:
        if key not in ("segments", "groups"):
            checker.err(key, f"unknown top-level key '{key}'; expected segments, groups")
    segments = doc.get("segments")
    if not isinstance(segments, list) or not segments:
        checker.err("segments", "expected a non-empty list of segments")
        segments = []
    seen: dict[str, int] = {}
    for i, seg in enumerate(segments):
        checker.check_segment(i, seg, seen)
    membership = checker.check_groups(doc.get("groups"), seen)
    if checker.issues:
        raise SegmentDefinitionError(checker.issues)
    out = []
    for seg in segments:
        group = membership.get(seg["name"])
        out.append(
            {
                "name": seg["name"],
                "description": seg["description"].strip(),
                "owner": seg.get("owner"),
                "requires_consent": seg.get("requires_consent", True),
                "group": group[0] if group else None,
                "group_priority": group[1] if group else None,
                "where": seg["where"],
            }
        )
    groups = [
        {"name": g["name"], "description": (g.get("description") or "").strip(), "segments": g["segments"]}
        for g in doc.get("groups") or []
    ]
    return {"segments": out, "groups": groups}


def load_definitions(path: Path) -> Any:
    """Parse the YAML file after the size and nesting limits (validate() checks the rest)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SegmentDefinitionError([ValidationIssue(str(path), f"cannot be read: {exc}")]) from None
    check_text_limits(text)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SegmentDefinitionError([ValidationIssue(str(path), f"not valid YAML: {exc}")]) from None
