{#- One select per segment definition (union all) with the columns of segment_definitions;
    every value a quoted literal. Empty (typed) when there are no segments or while parsing. -#}
{% macro segment_definition_rows(segments) -%}
    {%- set text = dbt.type_string() -%}
    {%- if segments | length == 0 %}
    select
        cast(null as {{ text }}) as segment_name,
        cast(null as {{ text }}) as description,
        cast(null as {{ text }}) as owner,
        cast(null as {{ text }}) as group_name,
        cast(null as integer) as group_priority,
        cast(null as {{ text }}) as definition_json,
        cast(null as {{ text }}) as definition_hash,
        cast(null as boolean) as requires_consent,
        cast(null as double) as holdout_share,
        cast(null as {{ text }}) as holdout_salt
    where 1 = 0
    {%- endif %}
    {%- for seg in segments %}
    select
        {{ segment_quote_text(seg.name) }} as segment_name,
        {{ segment_quote_text(seg.description) if seg.description is string else 'cast(null as ' ~ text ~ ')' }} as description,
        {{ segment_quote_text(seg.owner) if seg.owner is string else 'cast(null as ' ~ text ~ ')' }} as owner,
        {{ segment_quote_text(seg.group) if seg.group is string else 'cast(null as ' ~ text ~ ')' }} as group_name,
        cast({{ seg.group_priority | int if seg.group_priority is number else 'null' }} as integer) as group_priority,
        {{ segment_quote_text(seg.definition_json) if seg.definition_json is string else 'cast(null as ' ~ text ~ ')' }}
            as definition_json,
        {{ segment_quote_text(seg.definition_hash) if seg.definition_hash is string else 'cast(null as ' ~ text ~ ')' }}
            as definition_hash,
        {{ 'true' if seg.requires_consent else 'false' }} as requires_consent,
        cast({{ seg.holdout.share if seg.holdout is mapping else 'null' }} as double) as holdout_share,
        {{ segment_quote_text(seg.holdout.salt) if seg.holdout is mapping else 'cast(null as ' ~ text ~ ')' }}
            as holdout_salt
    {{- '\n    union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
