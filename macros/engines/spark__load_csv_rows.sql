-- noqa: disable=LT02
-- (reason: a jinja-only macro body; sqlfluff's indent rule cannot follow its control flow)
{#- Seeds on Spark. dbt-spark 1.11's own spark__load_csv_rows, with the `session` method, pastes
    each value into the SQL between single quotes without escaping: O'Brien breaks the insert and
    an empty CSV cell becomes the text 'None'. This version (found first: the root project wins
    dispatch for the 'dbt' namespace) writes every value as a quoted literal via shop_sql_string
    and an empty cell as null, in batches. It is used for every Spark method (session, thrift,
    http, odbc), since it sends no bindings. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(2000) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for value in row -%}
                    {%- if value is none -%}
                        cast(null as {{ types[loop.index0] }})
                    {%- else -%}
                        cast({{ shop_sql_string(value) }} as {{ types[loop.index0] }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                ){%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
