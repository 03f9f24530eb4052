{#- The inclusive partition window Dagster passes as vars (partition_time_window, never the key). -#}
{% macro in_partition_window(column='partition_date') -%}
    {{ column }} between cast('{{ window_date("min_date") }}' as date) and cast('{{ window_date("max_date") }}' as date)
{%- endmacro %}
