"""Frozen, reproducible segment exports: snapshot tables in the warehouse, CSV files rendered from them.

Modules:
- normalize: per-platform normalisation and SHA-256 hashing of contact fields;
- formats:   the CSV formats (standard, mailchimp, meta, google): header and one row per member;
- warehouse: DuckDB access: lock-aware connect, append-only snapshot tables, freezing and reading;
- files:     safe output: a temporary folder renamed into place, owner-only modes, the manifest.
- changes:   members added / removed since a segment's base snapshot (--changes), from frozen rows.
"""
