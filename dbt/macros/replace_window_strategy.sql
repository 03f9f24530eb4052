{#-
  Incremental strategy `replace_window`: delete the target rows of the partition window (the
  model's incremental_predicates) and, when a unique_key is set, the rows whose key the new
  batch recomputes; then insert the batch. One transaction on both targets, so re-running a
  partition is idempotent and a partition emptied upstream is emptied here too.
-#}
{% macro get_incremental_replace_window_sql(arg_dict) %}
    {%- set target = arg_dict["target_relation"] -%}
    {%- set source = arg_dict["temp_relation"] -%}
    {%- set unique_key = arg_dict["unique_key"] -%}
    {%- set predicates = arg_dict["incremental_predicates"] or ["1 = 0"] -%}
    {%- set columns = get_quoted_csv(arg_dict["dest_columns"] | map(attribute="name")) -%}
    {%- set dml -%}
    delete from {{ target }}
    where ({{ predicates | join(") and (") }})
    {%- if unique_key %}
       or {{ unique_key }} in (select {{ unique_key }} from {{ source }})
    {%- endif %};
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ source }}
    {%- endset -%}
    {{ return(adapter.dispatch('replace_window_transaction', 'aivo')(dml)) }}
{% endmacro %}

{#- dbt-duckdb runs a model's statements inside one transaction already. -#}
{% macro default__replace_window_transaction(dml) %}
    {{ return(dml) }}
{% endmacro %}

{#- Snowflake autocommits each statement: wrap the pair as dbt-snowflake wraps delete+insert. -#}
{% macro snowflake__replace_window_transaction(dml) %}
    {{ return(snowflake_dml_explicit_transaction(dml)) }}
{% endmacro %}
