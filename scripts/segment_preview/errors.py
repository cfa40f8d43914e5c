"""Preview failures, each with the exit code a tool sees and a one-line reason (no personal data)."""

from __future__ import annotations


class PreviewError(Exception):
    """A failure with a one-line reason."""

    exit_code = 6


class InvalidDefinition(PreviewError):
    """The definition breaks a rule of the segment language (the message has the key path)."""

    exit_code = 1


class UsageError(PreviewError):
    """Bad arguments: no definition given, unknown segment name, unreadable file."""

    exit_code = 2


class WarehouseNotBuilt(PreviewError):
    """The warehouse file is missing, not a DuckDB file, or lacks a table the preview reads."""

    exit_code = 3


class WarehouseLocked(PreviewError):
    """Another process (a dbt build, an export) holds the warehouse for writing."""

    exit_code = 4


class MissingColumn(PreviewError):
    """The definition reads a column the built warehouse does not have (built before it existed)."""

    exit_code = 5
