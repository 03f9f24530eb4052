{#- Payload access that compiles on both targets: DuckDB JSON functions, Snowflake VARIANT paths. -#}
{% macro json_text(column, key) -%}
    {{ return(adapter.dispatch('json_text', 'aivo')(column, key)) }}
{%- endmacro %}

{% macro default__json_text(column, key) -%}
    json_extract_string({{ column }}, '$.{{ key }}')
{%- endmacro %}

{% macro snowflake__json_text(column, key) -%}
    {{ column }}:{{ key }}::varchar
{%- endmacro %}

{% macro json_number(column, key) -%}
    try_cast({{ json_text(column, key) }} as double)
{%- endmacro %}
