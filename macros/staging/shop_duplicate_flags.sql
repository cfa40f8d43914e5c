{#- CTEs (to be placed inside a WITH) that flag duplicates in the CTE `relation`, which holds the
    raw text columns as raw_<column>, raw_row_number and the typed key columns `keys`:
      - copy_number: 1 for the first row (lowest raw_row_number) of every group of rows whose raw
        values are equal after trimming (empty = null), 2, 3, ... for the other copies;
      - key_versions: how many different raw contents share this row's key (0 when a key column
        is null). A key with key_versions > 1 is a conflicting duplicate key.
    The last CTE is `with_duplicate_flags`: every column of `relation` plus the two flags. -#}
{% macro shop_duplicate_flags(relation, keys, raw_columns) -%}
    {%- set contents = [] -%}
    {%- for column in raw_columns -%}
        {%- do contents.append(clean_text('raw_' ~ column)) -%}
    {%- endfor -%}
copies as (

    select
        *,
        row_number() over (
            partition by {{ contents | join(', ') }}
            order by raw_row_number
        ) as copy_number
    from {{ relation }}

),

distinct_contents as (

    select distinct
    {%- for key in keys %}
        {{ key }},
    {%- endfor %}
    {%- for content in contents %}
        {{ content }} as content_{{ loop.index }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ relation }}
    where {% for key in keys %}{{ key }} is not null{{ ' and ' if not loop.last }}{% endfor %}

),

key_versions as (

    select
    {%- for key in keys %}
        {{ key }},
    {%- endfor %}
        count(*) as key_versions
    from distinct_contents
    group by {% for key in keys %}{{ key }}{{ ', ' if not loop.last }}{% endfor %}

),

with_duplicate_flags as (

    select
        copies.*,
        coalesce(key_versions.key_versions, 0) as key_versions
    from copies
    left join key_versions
        on {% for key in keys %}copies.{{ key }} = key_versions.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}

)
{%- endmacro %}
