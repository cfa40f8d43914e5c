"""The segment definition language: validation, normalisation and generated dbt files.

`scripts/generate_segments.py` is the command line; this package holds the logic so pytest can
test it directly. The SQL itself is produced by the dbt macros in `macros/segments/`, which
validate the same tree again at compile time.
"""

from segment_lang.catalog import DEFAULT_COLUMNS, column_kind, load_columns
from segment_lang.generate import GeneratedFiles, canonical_json, render_files
from segment_lang.validate import SegmentDefinitionError, ValidationIssue, load_definitions, validate

__all__ = [
    "DEFAULT_COLUMNS",
    "GeneratedFiles",
    "SegmentDefinitionError",
    "ValidationIssue",
    "canonical_json",
    "column_kind",
    "load_columns",
    "load_definitions",
    "render_files",
    "validate",
]
