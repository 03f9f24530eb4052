{#-
  One end of the partition window (`min_date` or `max_date`). By hand it is a var (`--vars`);
  Dagster passes it from each run's partition_time_window as AIVO_WINDOW_MIN_DATE and
  AIVO_WINDOW_MAX_DATE, read only while models run (`execute`): dbt re-parses the whole project
  whenever --vars change, and an environment variable read at parse time would re-parse the
  files that read it, so a daily run would never reuse dbt's parse cache. A run without a window
  stops here rather than rebuilding every partition from RAW, which retention purges long
  before the aggregates.
-#}
{% macro window_date(name) -%}
    {%- set value = var(name, none) -%}
    {%- if value is none and execute -%}
        {%- set value = env_var('AIVO_WINDOW_' ~ name | upper, '') or none -%}
    {%- endif -%}
    {%- if value is none and execute -%}
        {{ exceptions.raise_compiler_error(
            "The partitioned models rebuild the window they are given, and none was: pass it, "
            ~ "e.g. dbt build --select tag:partitioned --vars "
            ~ "'{min_date: 2025-09-01, max_date: 2025-09-01}' (or run `aivo materialize`)"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
