"""Lint stub for dbt's `run_started_at` (a datetime in dbt; the jinja templater has none).

sqlfluff's jinja templater exposes each module of this folder by its name, so
`run_started_at.strftime(...)` in macros such as run_loaded_at renders a fixed time.
"""


def strftime(fmt: str) -> str:
    return "2026-01-01 00:00:00.000000" if "%f" in fmt else "2026-01-01 00:00:00"
