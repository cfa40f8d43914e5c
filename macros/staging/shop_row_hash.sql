{#- A 64-bit hash of the values of `columns` (SQL expressions, in order; null, '' and position
    all count), stored by the incremental classified staging models so a run can tell changed
    raw rows without comparing every column. Engine-specific: duckdb__ hash(), spark__ xxhash64()
    over null-marked values; other engines must add an <adapter>__shop_row_hash. A new hash
    function (an engine upgrade that changes it) only makes the next run re-classify every row. -#}
{% macro shop_row_hash(columns) -%}
    {{ return(adapter.dispatch('shop_row_hash', 'shop_segments')(columns)) }}
{%- endmacro %}

{% macro default__shop_row_hash(columns) -%}
    {{ exceptions.raise_compiler_error(
        "shop_row_hash: no 64-bit row hash for adapter '" ~ adapter.type()
        ~ "'; add a macro " ~ adapter.type() ~ "__shop_row_hash(columns) to the project") }}
{%- endmacro %}

{% macro duckdb__shop_row_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{#- Spark's xxhash64 skips null arguments, so each value is marked: null -> '', value -> '=value'. -#}
{% macro spark__shop_row_hash(columns) -%}
    {%- set marked = [] -%}
    {%- for column in columns -%}
        {%- do marked.append("coalesce(concat('=', " ~ column ~ "), '')") -%}
    {%- endfor -%}
    xxhash64({{ marked | join(', ') }})
{%- endmacro %}

{#- Aggregate: the bitwise xor of a 64-bit hash column (order-independent; a changed, added or
    removed row changes it). bit_xor is DuckDB, Spark, Postgres 14+ and BigQuery syntax. -#}
{% macro shop_hash_xor_agg(expression) -%}
    {{ return(adapter.dispatch('shop_hash_xor_agg', 'shop_segments')(expression)) }}
{%- endmacro %}

{% macro default__shop_hash_xor_agg(expression) -%}
    bit_xor({{ expression }})
{%- endmacro %}
