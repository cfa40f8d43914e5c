"""Lint stub for dbt's `exceptions`: compiler errors are ignored while linting."""


def raise_compiler_error(msg, node=None):
    """dbt raises here; lint renders nothing and carries on."""
    return ""


def warn(msg, node=None):
    """dbt logs a warning here; lint renders nothing."""
    return ""
