"""Which columns of `dim_customers` a segment may condition on, and of which kind.

The source of truth is the documented, contract-enforced `dim_customers` in `models/marts/`
(every column has a `data_type`); render.py passes each column's kind to the macros, which do
not look types up themselves. `DEFAULT_COLUMNS` is only used when the marts YAML is not there
(a fresh checkout that builds segments before the marts exist) and mirrors
docs/architecture.md and the metrics spec.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# kind of a column: number | text | date | timestamp | boolean | list | map (only is_null)
_NUMBER_TYPES = ("int", "decimal", "numeric", "double", "float", "real")


def _render_data_type(data_type: str) -> str:
    """A YAML data_type that picks the engine's spelling with Jinja ({{ 'array<string>' if
    target.type == 'spark' else 'varchar[]' }}) as dbt renders it for DuckDB; the kind is the
    same on every engine."""
    if "{{" not in data_type and "{%" not in data_type:
        return data_type
    import jinja2

    return jinja2.Template(data_type).render(target={"type": "duckdb"})


def column_kind(data_type: str | None) -> str:
    """Map a warehouse data type to the kind the language checks operators against."""
    t = _render_data_type(data_type or "").strip().lower()
    if t.endswith("[]") or t.startswith(("array", "list")):
        return "list"
    if t.startswith(("map", "struct", "json")):
        return "map"
    if t.startswith("timestamp") or t == "datetime":
        return "timestamp"
    if t == "date":
        return "date"
    if t.startswith("bool"):
        return "boolean"
    if any(n in t for n in _NUMBER_TYPES):
        return "number"
    return "text"


_METRIC_NUMBERS = [
    "orders_count",
    "lifetime_revenue",
    "avg_order_value",
    "items_count",
    "avg_items_per_order",
    "avg_item_price",
    "days_since_first_order",
    "days_since_last_order",
    "avg_days_between_orders",
    *[f"{m}_{n}m" for n in (1, 3, 6, 12, 24, 36) for m in ("spend", "orders")],
    "spend_this_year",
    "orders_this_year",
    "spend_last_year",
    "orders_last_year",
    "all_orders_count",
    "cancelled_orders_count",
    "refunded_orders_count",
    "offer_code_orders_count",
    "offer_code_orders_share",
    "distinct_products_count",
    "distinct_categories_count",
    "distinct_brands_count",
    "abandoned_carts_count",
    "recency_score",
    "frequency_score",
    "monetary_score",
    "recurring_items_share",
]

_PREDICTION_NUMBERS = [
    "probability_alive",
    "expected_orders_30d",
    "expected_orders_90d",
    "expected_orders_365d",
    "expected_order_value",
    "predicted_clv_365d",
    "predicted_clv_score",
]

DEFAULT_COLUMNS: dict[str, str] = {
    "customer_id": "text",
    "email": "text",
    "first_name": "text",
    "last_name": "text",
    "phone": "text",
    "customer_type": "text",
    "customer_group": "text",
    "country_code": "text",
    "region": "text",
    "city": "text",
    "postal_code": "text",
    "accepts_marketing": "boolean",
    "marketing_channel": "text",
    "tags": "list",
    "registered_at": "timestamp",
    "registered_date": "date",
    **dict.fromkeys(_METRIC_NUMBERS, "number"),
    "first_order_date": "date",
    "last_order_date": "date",
    "last_abandoned_cart_date": "date",
    "next_repurchase_due_date": "date",
    "volume_tier": "text",
    "rfm_group": "text",
    "lifecycle_stage": "text",
    # customer predictions (BG/NBD + Gamma-Gamma, customer_predictions)
    **dict.fromkeys(_PREDICTION_NUMBERS, "number"),
    "churn_risk": "text",
}


# libyaml's safe loader when PyYAML has it (the marts YAML is large; the pure-Python one takes
# a second or more to parse it), else the pure-Python SafeLoader: the same documents either way.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _dim_customers_columns(models_dir: Path) -> dict[str, str] | None:
    for path in sorted(models_dir.rglob("*.yml")):
        if "generated" in path.parts:
            continue
        text = path.read_text()
        if "dim_customers" not in text:  # most model YAML files: no need to parse them
            continue
        try:
            doc = yaml.load(text, Loader=_SAFE_LOADER) or {}  # noqa: S506 (a safe loader)
        except yaml.YAMLError:
            continue
        for model in doc.get("models") or []:
            if isinstance(model, dict) and model.get("name") == "dim_customers":
                cols = {}
                for col in model.get("columns") or []:
                    if isinstance(col, dict) and col.get("name"):
                        cols[str(col["name"]).lower()] = column_kind(col.get("data_type"))
                if cols:
                    return cols
    return None


def load_columns(project_dir: Path) -> tuple[dict[str, str], str]:
    """(column -> kind, where it came from) for dim_customers."""
    found = _dim_customers_columns(project_dir / "models")
    if found:
        return found, "models/ (dim_customers YAML)"
    return dict(DEFAULT_COLUMNS), "built-in default (dim_customers YAML not found)"
