{#-
  dbt's hook for a test's `where` config, extended: `__partition_window__` stands for the run's
  partition window, resolved when the test runs (vars are not available in dbt_project.yml).
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- if where == '__partition_window__' -%}
            {%- set where = in_partition_window() -%}
        {%- endif -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
