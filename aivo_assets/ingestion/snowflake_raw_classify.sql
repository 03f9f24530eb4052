-- Snowflake twin of raw_load.sql, same rules: classify the window's landed rows, keeping only
-- the not-kept ones, narrowly (file, row, reason). raw_events_landed holds what COPY loaded:
-- the landing columns, s3_path = METADATA$FILENAME, file_row = METADATA$FILE_ROW_NUMBER, and
-- for a row COPY could not parse (ON_ERROR = CONTINUE) its error and raw record.

-- The landed rows with their partition: the path date (events/YYYY/MM/DD/...), as
-- Landing.key_date reads it.
create or replace temporary view raw_events_source as
select
    *,
    to_date(
        regexp_substr(s3_path, 'events/([0-9]{4}/[0-9]{2}/[0-9]{2})/', 1, 1, 'e'), 'YYYY/MM/DD'
    ) as partition_date
from raw_events_landed;

-- Rejected rows; the first reason that applies wins.
create or replace temporary table raw_events_rejected_rows as
select s3_path, file_row, partition_date, reject_reason
from (
    select
        s3_path, file_row, partition_date,
        case
            when load_error is not null then 'unparseable_row'
            when nullif(trim(event_id), '') is null or nullif(trim(event_type), '') is null
                or nullif(trim(learner_id), '') is null or nullif(trim(session_id), '') is null
                or timestamp is null then 'missing_required_field'
            when cast(timestamp as date) <> partition_date then 'date_outside_partition'
            when (data is not null and try_parse_json(data) is null)
                or (metadata is not null and try_parse_json(metadata) is null) then 'invalid_json'
        end as reject_reason
    from raw_events_source
)
where reject_reason is not null;

-- Replays: among valid rows, every copy of an event_id but the first by (s3_path, file row).
create or replace temporary table raw_events_duplicate_rows as
select s3_path, file_row, partition_date
from (
    select
        s3_path, file_row, partition_date,
        row_number() over (
            partition by partition_date, trim(event_id) order by s3_path, file_row
        ) as copy
    from raw_events_source as l
    where not exists (
        select 1 from raw_events_rejected_rows as r
        where r.s3_path = l.s3_path and r.file_row = l.file_row
    )
)
where copy > 1;

create or replace temporary table raw_events_not_kept as
select s3_path, file_row from raw_events_rejected_rows
union all
select s3_path, file_row from raw_events_duplicate_rows;
