-- Classify every landed row of the window: rejected (first reason wins), duplicate or kept.
create or replace temp table classified as
with typed as (
    select
        nullif(trim(event_id), '') as event_id,
        nullif(trim(event_type), '') as event_type,
        nullif(trim(learner_id), '') as learner_id,
        nullif(trim(session_id), '') as session_id,
        "timestamp",
        data,
        metadata,
        version,
        s3_path,
        partition_date,
        file_row
    from landed
),
reasons as (
    select
        *,
        case
            when event_id is null or event_type is null or learner_id is null
                or session_id is null or "timestamp" is null then 'missing_required_field'
            when cast("timestamp" as date) <> partition_date then 'date_outside_partition'
            when (data is not null and not json_valid(data))
                or (metadata is not null and not json_valid(metadata)) then 'invalid_json'
        end as reject_reason
    from typed
)
select
    *,
    reject_reason is null
    and row_number() over (
        partition by partition_date, event_id, reject_reason is null order by s3_path, file_row
    ) > 1 as is_duplicate
from reasons;
