"""Preview a segment definition against the built warehouse (scripts/preview_segment.py).

definitions.py reads and validates a definition with the generator's rules (segment_lang),
jinja_env.py renders the segment_memberships model with the project's own macros (no dbt
process), warehouse.py opens DuckDB read-only, runs it and measures size, share and overlap.
"""
