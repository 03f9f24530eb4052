-- Sums are cast to NUMBER(38,0) as documented, rather than left to each engine's widening.
select
    learner_id,
    partition_date as activity_date,
    cast(sum(total_events) as decimal(38, 0)) as daily_events,
    -- in hundredths of a second, so the hours round exactly
    cast({{ divide_round_half_up('sum(cast(time_spent_seconds * 100 as bigint))', '360000', 4) }} as decimal(10, 4)) as hours_spent,
    count(distinct session_id) as sessions,
    cast(sum(lessons_completed) as decimal(38, 0)) as lessons_completed,
    cast(sum(assessments_completed) as decimal(38, 0)) as assessments_completed
from {{ ref('minute_metrics') }}
where partition_date >= {{ dbt.dateadd('day', -90, 'current_date') }}
group by learner_id, partition_date
