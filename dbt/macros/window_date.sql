{#-
  One end of the partition window (`min_date` or `max_date`). Dagster passes both from each
  run's partition_time_window; a run without them stops here rather than rebuilding every
  partition from RAW, which retention purges long before the aggregates.
-#}
{% macro window_date(name) -%}
    {%- set value = var(name, none) -%}
    {%- if value is none and execute -%}
        {{ exceptions.raise_compiler_error(
            "The partitioned models rebuild the window they are given, and none was: pass it, "
            ~ "e.g. dbt build --select tag:partitioned --vars "
            ~ "'{min_date: 2025-09-01, max_date: 2025-09-01}' (or run `aivo materialize`)"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
