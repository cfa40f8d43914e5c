{#- Every segment, sorted by name, as dicts with name, description, owner, requires_consent,
    group, group_priority, condition (the render form from scripts/segment_lang/render.py),
    definition_json, definition_hash and holdout ({share, salt}; undefined without one). From the
    generated models' config.meta (dbt's graph,
    execute time only; [] while parsing), or from `override` (a list of {name, group,
    group_priority, condition}), which the generated unit tests pass in through var
    segment_definitions_override. Nothing is validated here: the generator did it. -#}
{% macro segment_list(override=none) -%}
    {%- if not execute -%}
        {%- do return([]) -%}
    {%- endif -%}
    {%- if override is not none -%}
        {%- do return(override | sort(attribute='name')) -%}
    {%- endif -%}
    {%- set segments = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.package_name == project_name
        and (node.config.meta or {}).segment is defined -%}
        {%- set meta = node.config.meta -%}
        {%- do segments.append({
            'name': meta.segment.name,
            'description': meta.segment.description,
            'owner': meta.segment.owner,
            'requires_consent': meta.segment.requires_consent,
            'group': meta.segment.group,
            'group_priority': meta.segment.group_priority,
            'condition': meta.segment_condition,
            'definition_json': meta.segment_definition_json,
            'definition_hash': meta.segment_definition_hash,
            'holdout': meta.segment.holdout,
        }) -%}
    {%- endfor -%}
    {%- do return(segments | sort(attribute='name')) -%}
{%- endmacro %}
