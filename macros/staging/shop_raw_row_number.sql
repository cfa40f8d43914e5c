{#- The expression for raw_row_number: a 1-based number per raw row without gaps (1..n), stable between runs
    (the reconcile tests rely on the absence of gaps).
    source_kind: 'parquet' | 'csv' | 'table' | 'view'; columns: the quoted source columns
    (used where no physical order exists).
    DuckDB: parquet -> file_row_number + 1 (file order); csv -> row_number() over () (DuckDB
    numbers rows in file order: streaming window over the reader); table (seeds, raw_schema
    tables) -> row_number() ordered by rowid (storage order, which for a seed is its CSV order
    unless DuckDB loaded it in parallel chunks; reloading a seed does not change the numbers);
    view -> row_number() over () (the view's own order).
    Other engines: row_number() ordered by every column (deterministic; exact duplicate rows tie,
    which is harmless as they are identical). -#}
{% macro shop_raw_row_number(source_kind, columns) -%}
    {{ return(adapter.dispatch('shop_raw_row_number', 'shop_segments')(source_kind, columns)) }}
{%- endmacro %}

{% macro default__shop_raw_row_number(source_kind, columns) -%}
    row_number() over (order by {{ columns | join(', ') }})
{%- endmacro %}

{% macro duckdb__shop_raw_row_number(source_kind, columns) -%}
    {%- if source_kind == 'parquet' -%}
        raw_source.file_row_number + 1
    {%- elif source_kind == 'table' -%}
        row_number() over (order by raw_source.rowid)
    {%- else -%}
        row_number() over ()
    {%- endif -%}
{%- endmacro %}
