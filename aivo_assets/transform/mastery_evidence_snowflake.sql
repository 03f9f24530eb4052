-- Snowflake twin of mastery_evidence.sql (VARIANT paths, MAX_BY, pyformat parameters): the
-- window's evidence points numbered within their (learner, content) pair, and every pair's
-- state carried from the days before the window.
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

create or replace temporary table mastery_evidence as
select
    learner_id, content_id, content_type, event_id, event_type, session_id, timestamp,
    partition_date,
    score >= 70 as correct,
    dense_rank() over (order by learner_id, content_type, content_id) - 1 as pair_id,
    row_number() over (
        partition by learner_id, content_type, content_id order by timestamp, event_id
    ) - 1 as step
from mastery_points
where is_evidence;

create or replace temporary table mastery_pair_start as
with pairs as (
    select distinct pair_id, learner_id, content_type, content_id from mastery_evidence
),
carried as (
    select
        learner_id, content_type, content_id,
        max_by(current_mastery, evidence_count) as mastery,
        max(evidence_count) as evidence_count
    from ANALYTICS.mastery_deltas
    where partition_date < %(min_date)s
      and (learner_id, content_type, content_id) in (
          select learner_id, content_type, content_id from pairs
      )
    group by all
)
select
    p.pair_id,
    coalesce(cast(round(c.mastery * 10000) as bigint), %(p_init_e4)s) as start_e4,
    coalesce(cast(c.evidence_count as bigint), 0) as start_count
from pairs as p
left join carried as c
    on p.learner_id = c.learner_id
    and p.content_type = c.content_type
    and p.content_id = c.content_id
order by p.pair_id;
