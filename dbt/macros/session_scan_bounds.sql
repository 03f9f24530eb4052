{#-
  The raw partitions a session_metrics run must read: the window's sessions can have events
  on other days (crossing midnight, runs in any order). Rather than scanning all history, the
  bounds are the window widened by one day and by the days of those sessions' rows already in
  the table; returned as literal dates so the warehouse prunes partitions.
-#}
{% macro session_scan_bounds() %}
    {%- set lo = dbt.dateadd('day', -1, "cast('" ~ window_date('min_date') ~ "' as date)") -%}
    {%- set hi = dbt.dateadd('day', 1, "cast('" ~ window_date('max_date') ~ "' as date)") -%}
    {%- if not (execute and is_incremental()) -%}
        {{ return([lo, hi]) }}
    {%- endif -%}
    {%- set query -%}
        select
            {#- coalesce: Snowflake's least/greatest return null when any argument is null. #}
            cast(least(coalesce(min(cast(session_start as date)), {{ lo }}), {{ lo }}) as varchar),
            cast(greatest(coalesce(max(cast(session_end as date)), {{ hi }}), {{ hi }}) as varchar)
        from {{ this }}
        where session_id in (
            select session_id from {{ source('raw', 'raw_events') }}
            where {{ in_partition_window() }}
        )
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {{ return(["cast('" ~ row[0] ~ "' as date)", "cast('" ~ row[1] ~ "' as date)"]) }}
{% endmacro %}
