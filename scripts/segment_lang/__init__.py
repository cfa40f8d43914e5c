"""The segment definition language: validation, normalisation and generated dbt files.

`scripts/generate_segments.py` is the command line; this package holds the logic so pytest can
test it directly. The language is implemented once, here: validate.py checks a definitions file
(catalog.py: which dim_customers columns, of which kind), render.py normalises each condition
into the form the dbt macros in `macros/segments/` only render (segment_test turns one operator
into SQL), generate.py and unit_tests.py write the generated dbt files.
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
