{#- Every segment definition, sorted by name, as dicts with name, description, owner,
    requires_consent, group, group_priority, where, path, definition_json, definition_hash.
    From the generated models' config.meta (dbt's graph, execute time only; [] while parsing), or
    from `override` ({segments: [...], groups: [...]}, the language as written in segments.yml),
    which unit tests pass in through var segment_definitions_override. -#}
{% macro segment_list(override=none) -%}
    {%- if not execute -%}
        {%- do return([]) -%}
    {%- endif -%}
    {%- set segments = [] -%}
    {%- if override is none -%}
        {%- for node in graph.nodes.values() | sort(attribute='unique_id') -%}
            {%- set meta = node.config.meta or {} -%}
            {%- if node.resource_type == 'model' and node.package_name == project_name and meta.segment is defined -%}
                {%- set definition = meta.segment -%}
                {%- if definition is not mapping or definition.name is not string
                    or 'segment_' ~ definition.name != node.name -%}
                    {{ exceptions.raise_compiler_error('model ' ~ node.name ~ ': config.meta.segment must be a mapping whose'
                        ~ ' name is the model name without segment_ (regenerate with `make generate`)') }}
                {%- endif -%}
                {%- do segments.append({
                    'name': definition.name,
                    'description': definition.description,
                    'owner': definition.owner,
                    'requires_consent': definition.requires_consent if definition.requires_consent is boolean else true,
                    'group': definition.group,
                    'group_priority': definition.group_priority,
                    'where': definition.where,
                    'path': meta.segment_path or 'segments[' ~ definition.name ~ ']',
                    'definition_json': meta.segment_definition_json,
                    'definition_hash': meta.segment_definition_hash,
                }) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do return(segments | sort(attribute='name')) -%}
    {%- endif -%}
    {%- set groups = {} -%}
    {%- for group in override.get('groups') or [] -%}
        {%- for member in group.segments -%}
            {%- if member in groups -%}
                {{ exceptions.raise_compiler_error('groups[' ~ loop.index0 ~ ']: segment ' ~ member
                    ~ ' is in two groups') }}
            {%- endif -%}
            {%- do groups.update({member: {'group': group.name, 'priority': loop.index}}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set names = [] -%}
    {%- for definition in override.get('segments') or [] -%}
        {%- set path = 'segments[' ~ loop.index0 ~ ']' -%}
        {%- if definition.name is not string or not modules.re.match('^[a-z][a-z0-9_]*$', definition.name) -%}
            {{ segment_error(definition.name, path ~ '.name', 'expected a snake_case name') }}
        {%- elif definition.name in names -%}
            {{ segment_error(definition.name, path ~ '.name', "duplicate segment name '" ~ definition.name ~ "'") }}
        {%- elif definition.where is not defined -%}
            {{ segment_error(definition.name, path ~ '.where', "missing the condition tree 'where'") }}
        {%- endif -%}
        {%- do names.append(definition.name) -%}
        {%- set membership = groups.get(definition.name, {}) -%}
        {%- do segments.append({
            'name': definition.name,
            'description': definition.description,
            'owner': definition.owner,
            'requires_consent': definition.requires_consent if definition.requires_consent is boolean else true,
            'group': membership.get('group'),
            'group_priority': membership.get('priority'),
            'where': definition.where,
            'path': path,
            'definition_json': none,
            'definition_hash': none,
        }) -%}
    {%- endfor -%}
    {%- for member in groups if member not in names -%}
        {{ exceptions.raise_compiler_error('groups: unknown segment ' ~ member) }}
    {%- endfor -%}
    {%- do return(segments | sort(attribute='name')) -%}
{%- endmacro %}
