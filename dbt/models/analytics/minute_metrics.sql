with events as (
    select * from {{ ref('stg_learner_events') }}
    where {{ in_partition_window() }}
),

gaps as (
    select
        *,
        least(
            coalesce(
                {{ dbt.datediff('event_at', 'lead(event_at) over (partition by session_id, partition_date order by event_at, event_id)', 'microsecond') }},
                0
            ),
            {{ var('max_gap_seconds') }} * 1000000
        ) as gap_us
    from events
)

select
    learner_id,
    date_trunc('minute', event_at) as minute_timestamp,
    session_id,
    cast(count(*) as decimal(10, 0)) as total_events,
    cast(count(case when event_type = 'page_view' then 1 end) as decimal(10, 0)) as page_views,
    cast(count(case when event_type = 'interaction' then 1 end) as decimal(10, 0)) as interactions,
    cast(count(case when event_type = 'assessment_start' then 1 end) as decimal(10, 0)) as assessments_started,
    cast(count(case when event_type = 'assessment_complete' then 1 end) as decimal(10, 0)) as assessments_completed,
    cast(count(case when event_type = 'lesson_start' then 1 end) as decimal(10, 0)) as lessons_started,
    cast(count(case when event_type = 'lesson_complete' then 1 end) as decimal(10, 0)) as lessons_completed,
    cast(count(case when event_type = 'error' then 1 end) as decimal(10, 0)) as errors,
    cast({{ seconds_from_us('sum(gap_us)') }} as decimal(10, 2)) as time_spent_seconds,
    cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }}) as created_at,
    partition_date
from gaps
group by learner_id, session_id, date_trunc('minute', event_at), partition_date
