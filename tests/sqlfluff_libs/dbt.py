"""Lint stub for dbt's cross-database macros (`dbt.<macro>(...)`) under sqlfluff's jinja templater.

Each function renders the DuckDB SQL dbt-duckdb would produce (close enough to lint): types as
type names, functions as calls over the arguments. Unknown macros render as `<name>(<args>)`.
"""


def _args(*args):
    return ", ".join(str(arg) for arg in args if arg is not None)


def type_string():
    return "varchar"


def type_bigint():
    return "bigint"


def type_int():
    return "integer"


def type_numeric():
    return "numeric(28, 6)"


def type_float():
    return "double"


def type_timestamp():
    return "timestamp"


def type_boolean():
    return "boolean"


def cast(field, type):
    return f"cast({field} as {type})"


def safe_cast(field, type):
    return f"try_cast({field} as {type})"


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"date_add({from_date_or_timestamp}, to_{datepart}s(cast({interval} as integer)))"


def datediff(first_date, second_date, datepart):
    return f"date_diff('{datepart}', {first_date}, {second_date})"


def date_trunc(datepart, date):
    return f"date_trunc('{datepart}', {date})"


def last_day(date, datepart):
    return f"last_day({date})"


def concat(fields):
    return f"concat({_args(*fields)})"


def split_part(string_text, delimiter_text, part_number):
    return f"split_part({string_text}, {delimiter_text}, {part_number})"


def listagg(measure, delimiter_text="','", order_by_clause=None, limit_num=None):
    order = f" {order_by_clause}" if order_by_clause else ""
    return f"string_agg({measure}, {delimiter_text}{order})"


def hash(field):
    return f"md5(cast({field} as varchar))"


def current_timestamp():
    return "current_timestamp"


def escape_single_quotes(expression):
    return str(expression).replace("'", "''")


def string_literal(value):
    return "'" + str(value).replace("'", "''") + "'"


def any_value(expression):
    return f"any_value({expression})"


def bool_or(expression):
    return f"bool_or({expression})"


def __getattr__(name):
    """Any other dbt macro renders as a function call over its arguments."""
    if name.startswith("__"):
        raise AttributeError(name)

    def _call(*args, **kwargs):
        return f"{name}({_args(*args, *kwargs.values())})"

    return _call
