{#-
  Incremental strategy `replace_window`: delete the target rows of the run's partition window
  and, when a unique_key is set, the rows whose key the new batch recomputes; then insert the
  batch. One transaction on both targets, so re-running a partition is idempotent and a
  partition emptied upstream is emptied here too. The window is resolved here, as the model
  runs: a model's config() is rendered once, when dbt parses, and would keep the window of the
  run whose parse dbt cached (docs/pipeline.md).
-#}
{% macro get_incremental_replace_window_sql(arg_dict) %}
    {%- set target = arg_dict["target_relation"] -%}
    {%- set source = arg_dict["temp_relation"] -%}
    {%- set unique_key = arg_dict["unique_key"] -%}
    {%- set columns = get_quoted_csv(arg_dict["dest_columns"] | map(attribute="name")) -%}
    {%- set dml -%}
    delete from {{ target }}
    where ({{ in_partition_window() }})
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
