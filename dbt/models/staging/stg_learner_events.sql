{#- One place that reads the JSON payload; ephemeral, so it is inlined and filters push down. -#}
select
    event_id,
    event_type,
    learner_id,
    session_id,
    timestamp as event_at,
    {{ json_text('data', 'page_id') }} as page_id,
    {{ json_text('data', 'lesson_id') }} as lesson_id,
    {{ json_text('data', 'assessment_id') }} as assessment_id,
    {{ json_number('data', 'score') }} as score,
    processed_at,
    partition_date
from {{ source('raw', 'raw_events') }}
