{#-
  The one place that reads the JSON payload; ephemeral, so it is inlined and filters push down.
  Each field is read only for the event types that carry it (the contract's payload fields),
  so the payload of most events is never parsed.
-#}
select
    event_id,
    event_type,
    learner_id,
    session_id,
    timestamp as event_at,
    case when event_type = 'page_view' then {{ json_text('data', 'page_id') }} end as page_id,
    case
        when event_type in ('lesson_start', 'lesson_complete')
            then {{ json_text('data', 'lesson_id') }}
    end as lesson_id,
    case
        when event_type in ('assessment_start', 'assessment_complete')
            then {{ json_text('data', 'assessment_id') }}
    end as assessment_id,
    case
        when event_type in ('lesson_complete', 'assessment_complete')
            then {{ json_number('data', 'score') }}
    end as score,
    processed_at,
    partition_date
from {{ source('raw', 'raw_events') }}
