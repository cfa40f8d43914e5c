{#- The whole SQL of a generated model segment_<name>: its rows of segment_memberships. -#}
{% macro segment_model() -%}
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
    where memberships.segment_name = {{ segment_quote_text((model.name if model is defined else this.identifier)[8:]) }}

)

select * from final
{%- endmacro %}
