{#- The whole SQL of a generated model segment_<name>: its rows of segment_memberships. The
    definition is read from the model's config.meta.segment and validated at compile time (a
    hand-edited generated YAML fails with the segment and key path). -#}
{% macro segment_model() -%}
    {%- set segment_name = (model.name if model is defined else this.identifier)[8:] -%}
    {%- if execute -%}
        {%- set meta = config.get('meta') or {} -%}
        {%- if meta.segment is not defined or meta.segment is not mapping -%}
            {{ exceptions.raise_compiler_error('model ' ~ model.name ~ ' has no config.meta.segment: regenerate it with '
                ~ '`make generate`') }}
        {%- endif -%}
        {%- set ctx = {'segment': segment_name, 'columns': segment_columns(), 'activities': {}} -%}
        {%- do segment_predicate(meta.segment.where, ctx, (meta.segment_path or 'segments[?]') ~ '.where') -%}
    {%- endif %}
with

memberships as (

    select * from {{ ref('segment_memberships') }}

),

final as (

    select
        memberships.segment_name,
        memberships.customer_id,
        memberships.group_name,
        memberships.as_of_date
    from memberships
    where memberships.segment_name = {{ segment_quote_text(segment_name) }}

)

select * from final
{%- endmacro %}
