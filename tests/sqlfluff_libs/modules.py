"""Lint stub for dbt's `modules` context: `re` is real, `datetime.strptime` never fails.

dbt's `var()` renders as the placeholder text `item` under sqlfluff, which is not a date.
"""

import re  # noqa: F401  (exposed to templates as modules.re)


class _DateTime:
    @staticmethod
    def strptime(value, fmt):
        return None


class datetime:
    """Stands in for the `datetime` module."""

    datetime = _DateTime
