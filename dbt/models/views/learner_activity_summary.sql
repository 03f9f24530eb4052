select
    learner_id,
    partition_date as activity_date,
    sum(total_events) as daily_events,
    cast(round(sum(time_spent_seconds) / 3600.0, 4) as decimal(10, 4)) as hours_spent,
    count(distinct session_id) as sessions,
    sum(lessons_completed) as lessons_completed,
    sum(assessments_completed) as assessments_completed
from {{ ref('minute_metrics') }}
where partition_date >= {{ dbt.dateadd('day', -90, 'current_date') }}
group by learner_id, partition_date
