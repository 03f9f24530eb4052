{#- The inclusive partition window Dagster passes as vars (partition_time_window, never the key). -#}
{% macro in_partition_window(column='partition_date') -%}
    {{ column }} between cast('{{ var("min_date") }}' as date) and cast('{{ var("max_date") }}' as date)
{%- endmacro %}
