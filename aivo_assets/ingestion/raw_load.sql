-- Classify the window's landed rows (relation `landed_source`). Only the rows that are NOT
-- kept are materialized, and narrowly (file, row, reason): rejects and replays are ~1 % of a
-- day, so the wide payload is scanned once more by the insert instead of being copied.

-- Rejected rows; the first reason that applies wins.
create or replace temp table rejected_rows as
select s3_path, file_row, partition_date, reject_reason
from (
    select
        s3_path, file_row, partition_date,
        case
            when nullif(trim(event_id), '') is null or nullif(trim(event_type), '') is null
                or nullif(trim(learner_id), '') is null or nullif(trim(session_id), '') is null
                or "timestamp" is null then 'missing_required_field'
            when cast("timestamp" as date) <> partition_date then 'date_outside_partition'
            when (data is not null and not json_valid(data))
                or (metadata is not null and not json_valid(metadata)) then 'invalid_json'
        end as reject_reason
    from landed_source
)
where reject_reason is not null;

-- Replays: among valid rows, every copy of an event_id but the first by (s3_path, file row).
create or replace temp table duplicate_rows as
with valid as (
    select s3_path, file_row, partition_date, trim(event_id) as event_id
    from landed_source
    anti join rejected_rows using (s3_path, file_row)
),
repeated as (
    select partition_date, event_id from valid group by all having count(*) > 1
)
select s3_path, file_row, partition_date
from (
    select
        s3_path, file_row, partition_date,
        row_number() over (partition by partition_date, event_id order by s3_path, file_row) as copy
    from valid
    semi join repeated using (partition_date, event_id)
)
where copy > 1;

create or replace temp table not_kept as
select s3_path, file_row from rejected_rows
union all
select s3_path, file_row from duplicate_rows;
