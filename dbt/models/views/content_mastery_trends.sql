select
    content_id,
    content_type,
    partition_date as mastery_date,
    count(distinct learner_id) as learners_affected,
    cast({{ exact_mean('mastery_delta', 4) }} as decimal(5, 4)) as avg_mastery_change,
    cast({{ exact_mean('current_mastery', 4) }} as decimal(5, 4)) as avg_current_mastery,
    cast({{ exact_mean('confidence_score', 4) }} as decimal(5, 4)) as avg_confidence
from {{ source('analytics', 'mastery_deltas') }}
where partition_date >= {{ dbt.dateadd('day', -30, 'current_date') }}
group by content_id, content_type, partition_date
