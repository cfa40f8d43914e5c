"""Lint stub for dbt's `target`: lint renders the DuckDB branch of engine switches."""

type = "duckdb"
name = "duckdb"
