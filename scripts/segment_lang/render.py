"""Turn a validated `where` tree into the condition the dbt macros render, with no decisions left.

`validate()` has already checked every key and value; this module only normalises. The result is
a tree of five node kinds, each a mapping with one key:

- `{"all": [node, ...]}` / `{"any": [node, ...]}` / `{"not": node}`
- `{"test": {"expr": <SQL>, "type": number|text|date|boolean|list, "op": <op>, "value": <v>}}`:
  one operator on one SQL expression, rendered by the macro `segment_test` (never null).
  Values are normalised: lists for `in`/`not_in`/`between`, durations as `{"n": 3, "unit":
  "month"}` (weeks become days), `during` as `{"period": "year", "back": 1}`.
- `{"activity": {"table": <fact CTE>, "measures": [...], "check": node}}`: per-customer
  aggregates over a fact table (`measures`: `{"name", "agg": count|sum|max, "when": node,
  "of": <SQL> or null}`) and the test on them (`check`, over `coalesce(<cte>.<name>, 0)`).

`expr` and `of` are SQL built here from fixed templates and documented column names only; every
user value stays in `value` and is quoted by the macros. The aggregate names are keyed by an md5
of the activity's row filter, so the same filter in many segments is aggregated once.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from segment_lang.validate import ACTIVITY_DATE_OPS, DATE_OPS, DURATION_RE, ORDERED_MEASURES

# fact table -> (CTE the aggregates land in, prefix of their column names)
ACTIVITY_TABLES = {
    "orders": ("order_activity", "o_"),
    "order_lines": ("line_activity", "l_"),
    "abandoned_carts": ("cart_activity", "c_"),
    "customer_attributes": ("attribute_activity", "a_"),
}
_PERIODS = {
    "this_year": {"period": "year", "back": 0},
    "last_year": {"period": "year", "back": 1},
    "this_month": {"period": "month", "back": 0},
    "last_month": {"period": "month", "back": 1},
}


def _value(op: str, value: Any) -> Any:
    """An operator's value in the form segment_test renders."""
    if op in ("within", "within_next", "ago"):
        m = DURATION_RE.match(value)
        n, unit = int(m.group(1)), m.group(2).rstrip("s")
        return {"n": n * 7, "unit": "day"} if unit == "week" else {"n": n, "unit": unit}
    if op == "during":
        return _PERIODS[value]
    if op in ("in", "not_in") and not isinstance(value, list):
        return [value]
    return value


def test(expr: str, type_: str, op: str, value: Any) -> dict[str, Any]:
    return {"test": {"expr": expr, "type": type_, "op": op, "value": _value(op, value)}}


def _ops(expr: str, type_: str, ops: dict[str, Any]) -> dict[str, Any]:
    """Several operators on one expression: all apply."""
    return {"all": [test(expr, type_, op, value) for op, value in ops.items()]}


def _column(name: str, kind: str, ops: dict[str, Any]) -> dict[str, Any]:
    # A timestamp column is compared by its date.
    if kind == "timestamp":
        return _ops(f"cast(customers.{name} as date)", "date", ops)
    return _ops(f"customers.{name}", kind, ops)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _key(kind: str, filter_spec: dict[str, Any]) -> str:
    text = json.dumps({kind: filter_spec}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (
        ACTIVITY_TABLES[_TABLE_OF[kind]][1]
        + hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
    )


_TABLE_OF = {
    "ordered": "orders",
    "purchased": "order_lines",
    "abandoned_cart": "abandoned_carts",
    "attribute": "customer_attributes",
}
_THRESHOLDS = ("count", "total", "min_quantity", "min_orders", *ORDERED_MEASURES)


def _activity(table: str, measures: list[dict[str, Any]], checks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"activity": {"table": table, "measures": measures, "check": {"all": checks}}}


def _measure(name: str, agg: str, when: list[dict[str, Any]], of: str | None = None) -> dict[str, Any]:
    return {"name": name, "agg": agg, "when": {"all": when}, "of": of}


def _aggregate(cte: str, name: str) -> str:
    return f"coalesce({cte}.{name}, 0)"


def _per_order(cte: str, name: str, orders: str) -> str:
    """An aggregate per matching order: null (never matches) for a customer without one."""
    return f"cast({_aggregate(cte, name)} as double) / nullif({_aggregate(cte, orders)}, 0)"


def _date_filters(expr: str, spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [test(expr, "date", op, value) for op, value in spec.items() if op in ACTIVITY_DATE_OPS]


def _ordered(spec: dict[str, Any]) -> dict[str, Any]:
    key = _key("ordered", {k: v for k, v in spec.items() if k not in _THRESHOLDS})
    cte = ACTIVITY_TABLES["orders"][0]
    # Without `status`, only counted orders; with it, orders of those statuses (staged lower-case).
    when = [] if "status" in spec else [test("orders.is_counted", "boolean", "eq", True)]
    for name, value in spec.items():
        if name in ("status", "sales_channel"):
            when.append(test(f"orders.{name}", "text", "in", [v.lower() for v in _as_list(value)]))
        elif name == "offer_code":
            when.append(
                test("orders.offer_code", "text", "is_null", False)
                if value == "any"
                else test("orders.offer_code", "text", "in", value)
            )
        elif name == "discounted":
            # An order is discounted when its discount_total is above 0 (null = no discount).
            discounted = test("orders.discount_total", "number", "gt", 0)
            when.append(discounted if value else {"not": discounted})
    when += _date_filters("orders.order_date", spec)
    measures = [_measure(f"{key}_orders", "count", when)]
    checks = []
    if "count" in spec:
        checks.append(_ops(_aggregate(cte, f"{key}_orders"), "number", spec["count"]))
    if "total" in spec or "avg_order_value" in spec:
        measures.append(_measure(f"{key}_total", "sum", when, "orders.order_total"))
    if "items" in spec or "avg_items" in spec:
        measures.append(_measure(f"{key}_items", "sum", when, "orders.items_count"))
    if "total" in spec:
        checks.append(_ops(_aggregate(cte, f"{key}_total"), "number", spec["total"]))
    if "items" in spec:
        checks.append(_ops(_aggregate(cte, f"{key}_items"), "number", spec["items"]))
    if "avg_items" in spec:
        checks.append(_ops(_per_order(cte, f"{key}_items", f"{key}_orders"), "number", spec["avg_items"]))
    if "avg_order_value" in spec:
        checks.append(
            _ops(_per_order(cte, f"{key}_total", f"{key}_orders"), "number", spec["avg_order_value"])
        )
    if not checks:
        checks.append(test(_aggregate(cte, f"{key}_orders"), "number", "gte", 1))
    return _activity("orders", measures, checks)


def _purchased(spec: dict[str, Any]) -> dict[str, Any]:
    key = _key("purchased", {k: v for k, v in spec.items() if k not in _THRESHOLDS})
    cte = ACTIVITY_TABLES["order_lines"][0]
    when = [test("order_lines.is_counted", "boolean", "eq", True)]
    for name, value in spec.items():
        if name == "sku":
            when.append(test("order_lines.sku", "text", "in", value))
        elif name in ("brand", "category"):  # case-insensitive
            when.append(
                test(f"lower(order_lines.{name})", "text", "in", [v.lower() for v in _as_list(value)])
            )
        elif name == "product_tag":
            when.append(
                {"any": [test("order_lines.product_tags", "list", "contains", t) for t in _as_list(value)]}
            )
    when += _date_filters("order_lines.order_date", spec)
    # Per (customer, order) first: did the order have a matching line (max), how many items
    # (sum); segment_membership_sql then sums both per customer.
    measures = [
        _measure(f"{key}_orders", "max", when),
        _measure(f"{key}_quantity", "sum", when, "order_lines.quantity"),
    ]
    checks = [
        test(_aggregate(cte, f"{key}_orders"), "number", "gte", spec.get("min_orders", 1)),
        test(_aggregate(cte, f"{key}_quantity"), "number", "gte", spec.get("min_quantity", 1)),
    ]
    return _activity("order_lines", measures, checks)


def _abandoned_cart(spec: dict[str, Any]) -> dict[str, Any]:
    key = _key("abandoned_cart", {k: v for k, v in spec.items() if k not in _THRESHOLDS})
    cte = ACTIVITY_TABLES["abandoned_carts"][0]
    when = _date_filters("abandoned_carts.abandoned_date", spec)
    if "cart_total" in spec:  # each cart by its value; a cart without a value never matches
        when += [test("abandoned_carts.cart_total", "number", op, v) for op, v in spec["cart_total"].items()]
    measures = [_measure(f"{key}_carts", "count", when)]
    carts = _aggregate(cte, f"{key}_carts")
    checks = [_ops(carts, "number", spec["count"])] if "count" in spec else []
    if "total" in spec:  # summed value of the matching carts (like `ordered`'s total)
        measures.append(_measure(f"{key}_total", "sum", when, "abandoned_carts.cart_total"))
        checks.append(_ops(_aggregate(cte, f"{key}_total"), "number", spec["total"]))
    if not checks:
        checks.append(test(carts, "number", "gte", 1))
    return _activity("abandoned_carts", measures, checks)


def _attribute_test(op: str, value: Any) -> dict[str, Any]:
    """Attribute values are text: date operators parse them as dates, a number literal (all of a
    list's values numbers) compares numerically, anything else as text."""
    raw = "customer_attributes.attribute_value"
    values = value if isinstance(value, list) else [value]
    if op in DATE_OPS:
        return test(f"try_cast({raw} as date)", "date", op, value)
    if op != "contains" and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return test(f"try_cast({raw} as double)", "number", op, value)
    return test(raw, "text", op, value)


def _attribute(spec: dict[str, Any]) -> dict[str, Any]:
    key = _key("attribute", spec)
    cte = ACTIVITY_TABLES["customer_attributes"][0]
    named = test("customer_attributes.attribute_name", "text", "eq", spec["name"])
    measures, checks, value_tests = [], [], []
    for op, value in spec.items():
        if op == "name":
            continue
        if op == "is_null":
            present = test("customer_attributes.attribute_value", "text", "is_null", False)
            measures.append(_measure(f"{key}_present", "max", [named, present]))
            checks.append(test(_aggregate(cte, f"{key}_present"), "number", "eq", 0 if value else 1))
        else:
            value_tests.append(_attribute_test(op, value))
    if value_tests:
        measures.append(_measure(f"{key}_matches", "max", [named, *value_tests]))
        checks.append(test(_aggregate(cte, f"{key}_matches"), "number", "eq", 1))
    return _activity("customer_attributes", measures, checks)


def condition(node: dict[str, Any], columns: dict[str, str]) -> dict[str, Any]:
    """The render form of a validated condition tree (see the module docstring)."""
    ((key, value),) = node.items()
    if key in ("all", "any"):
        return {key: [condition(child, columns) for child in value]}
    if key == "not":
        return {"not": condition(value, columns)}
    if key == "has_tag":
        return {"any": [test("customers.tags", "list", "contains", tag) for tag in _as_list(value)]}
    if key in ("first_order", "last_order"):
        return _ops(f"customers.{key}_date", "date", value)
    if key == "ordered":
        return _ordered(value)
    if key == "purchased":
        return _purchased(value)
    if key == "abandoned_cart":
        return _abandoned_cart(value)
    if key == "attribute":
        return _attribute(value)
    return _column(key.lower(), columns[key.lower()], value)


def segment_conditions(normalized: dict[str, Any], columns: dict[str, str]) -> list[dict[str, Any]]:
    """What the macros need per segment: name, group, priority and the rendered condition."""
    cols = {k.lower(): v for k, v in columns.items()}
    return [
        {
            "name": seg["name"],
            "group": seg["group"],
            "group_priority": seg["group_priority"],
            "condition": condition(seg["where"], cols),
        }
        for seg in normalized["segments"]
    ]
