-- Snowflake twin of raw_load.sql: classify every landed row of the window as rejected (first
-- reason wins), duplicate or kept. raw_events_landed holds the COPY output: the landing columns
-- as text, s3_path = METADATA$FILENAME, file_row = METADATA$FILE_ROW_NUMBER, and for a row
-- COPY could not parse (ON_ERROR = CONTINUE) its error and raw record.
create or replace temporary table raw_events_classified as
with typed as (
    select
        nullif(trim(event_id), '') as event_id,
        nullif(trim(event_type), '') as event_type,
        nullif(trim(learner_id), '') as learner_id,
        nullif(trim(session_id), '') as session_id,
        timestamp,
        data,
        metadata,
        version,
        s3_path,
        -- The path date (events/YYYY/MM/DD/...), as Landing.key_date reads it.
        to_date(
            regexp_substr(s3_path, 'events/([0-9]{4}/[0-9]{2}/[0-9]{2})/', 1, 1, 'e'), 'YYYY/MM/DD'
        ) as partition_date,
        file_row,
        load_error
    from raw_events_landed
),
reasons as (
    select
        *,
        case
            when load_error is not null then 'unparseable_row'
            when event_id is null or event_type is null or learner_id is null
                or session_id is null or timestamp is null then 'missing_required_field'
            when cast(timestamp as date) <> partition_date then 'date_outside_partition'
            when (data is not null and try_parse_json(data) is null)
                or (metadata is not null and try_parse_json(metadata) is null) then 'invalid_json'
        end as reject_reason
    from typed
)
select
    *,
    reject_reason is null
    and row_number() over (
        partition by partition_date, event_id, reject_reason is null order by s3_path, file_row
    ) > 1 as is_duplicate
from reasons
