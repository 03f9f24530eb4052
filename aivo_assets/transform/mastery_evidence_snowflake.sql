-- Snowflake twin of mastery_evidence.sql (VARIANT paths, MAX_BY, pyformat parameters): the
-- window's evidence points numbered within their (learner, content) pair, and every pair's
-- state carried from the days before the window. Not rendered from the DuckDB file with
-- portable_sql: sqlglot turns its try_cast into a cast that fails on a bad score, reads the
-- VARIANT through JSON_EXTRACT_PATH_TEXT, and keeps DuckDB's tuple `in`.
create or replace temporary table mastery_points as
with completions as (
    select
        event_id, event_type, learner_id, session_id, timestamp, partition_date,
        try_to_double(data:score::string) as score,
        nullif(trim(data:lesson_id::string), '') as lesson_id,
        nullif(trim(data:assessment_id::string), '') as assessment_id,
        nullif(trim(data:skill_id::string), '') as skill_id
    from RAW.raw_events
    where partition_date between %(min_date)s and %(max_date)s
      and event_type in ('lesson_complete', 'assessment_complete')
),
points as (
    select *, lesson_id as content_id, 'lesson' as content_type
    from completions where event_type = 'lesson_complete'
    union all
    select *, assessment_id, 'assessment'
    from completions where event_type = 'assessment_complete'
    union all
    select *, skill_id, 'skill'
    from completions where event_type = 'assessment_complete' and skill_id is not null
)
select
    *,
    coalesce(score between 0 and 100 and content_id is not null, false) as is_evidence
from points;

-- Each distinct pair is numbered once, then joined back to its points: the steps' window then
-- partitions by an integer, where a dense_rank over every point sorted them by three strings.
create or replace temporary table mastery_pairs as
select
    learner_id, content_type, content_id,
    row_number() over (order by learner_id, content_type, content_id) - 1 as pair_id
from (
    select distinct learner_id, content_type, content_id from mastery_points where is_evidence
) as distinct_pairs;

create or replace temporary table mastery_evidence as
select
    m.learner_id, m.content_id, m.content_type, m.event_id, m.event_type, m.session_id,
    m.timestamp, m.partition_date,
    m.score >= %(correct_score)s as correct,
    p.pair_id,
    row_number() over (partition by p.pair_id order by m.timestamp, m.event_id) - 1 as step
from mastery_points as m
join mastery_pairs as p
    on m.learner_id = p.learner_id
    and m.content_type = p.content_type
    and m.content_id = p.content_id
where m.is_evidence;

create or replace temporary table mastery_pair_start as
with carried as (
    select
        learner_id, content_type, content_id,
        max_by(current_mastery, evidence_count) as mastery,
        max(evidence_count) as evidence_count
    from ANALYTICS.mastery_deltas
    where partition_date < %(min_date)s
      and (learner_id, content_type, content_id) in (
          select learner_id, content_type, content_id from mastery_pairs
      )
    group by all
)
select
    p.pair_id,
    coalesce(cast(round(c.mastery * 10000) as bigint), %(p_init_e4)s) as start_e4,
    coalesce(cast(c.evidence_count as bigint), 0) as start_count
from mastery_pairs as p
left join carried as c
    on p.learner_id = c.learner_id
    and p.content_type = c.content_type
    and p.content_id = c.content_id
order by p.pair_id;
