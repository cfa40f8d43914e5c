"""Lint stub for dbt's `adapter`: `adapter.dispatch(name)(a, b)` renders `coalesce(a, b, null)`.

sqlfluff's jinja templater cannot resolve dispatched macros, so every engine-specific macro
renders as a SQL expression over its arguments during lint (the columns stay referenced; keep
dispatched macros in expression positions). The exception: macros rendered in a keyword position
render their DuckDB text (KEYWORD_MACROS).
"""

# Dispatched macros that render keywords, not an expression: their DuckDB text.
KEYWORD_MACROS = {"cte_not_materialized": "not materialized"}


def dispatch(macro_name, macro_namespace=None):
    """Return a callable standing in for the dispatched macro."""
    if macro_name in KEYWORD_MACROS:
        return lambda *args, **kwargs: KEYWORD_MACROS[macro_name]

    def _placeholder(*args, **kwargs):
        parts = [str(arg) for arg in (*args, *kwargs.values()) if isinstance(arg, str | int | float)]
        return "coalesce(" + ", ".join([*parts, "null"]) + ")"

    return _placeholder


def get_columns_in_relation(relation):
    """No warehouse during lint: a relation has no known columns."""
    return []


def type():
    """The adapter's name, for error messages rendered during lint."""
    return "duckdb"
