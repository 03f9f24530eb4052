# ruff: noqa: E501
"""The lower bound: one DuckDB process, the SQL a human would write for one landed day.

Deduplicated raw + minute + session tables from the day's Parquet, nothing else: no
orchestration, no rejected-row bookkeeping, no checks. Usage: bare_duckdb.py LANDING DAY DB
"""

from __future__ import annotations

import sys
import time

import duckdb

TABLES = ("raw_events", "minute_metrics", "session_metrics")
STAGE = "stage"
SQL = """
create or replace table raw_events as
select * exclude (rn) from (
    select *, row_number() over (partition by event_id order by filename) as rn
    from read_parquet($files, filename = true)
    where event_id is not null and learner_id is not null and session_id is not null
      and event_type is not null and "timestamp" is not null
      and cast("timestamp" as date) = $day and (data is null or json_valid(data))
) where rn = 1;

create or replace table minute_metrics as
with gaps as (
    select *, least(coalesce(epoch(lead("timestamp") over (
        partition by session_id order by "timestamp", event_id)) - epoch("timestamp"), 0), 300) as gap
    from raw_events
)
select learner_id, session_id, date_trunc('minute', "timestamp") as minute_timestamp,
    count(*) as total_events,
    count(*) filter (where event_type = 'page_view') as page_views,
    count(*) filter (where event_type = 'interaction') as interactions,
    count(*) filter (where event_type = 'assessment_start') as assessments_started,
    count(*) filter (where event_type = 'assessment_complete') as assessments_completed,
    count(*) filter (where event_type = 'lesson_start') as lessons_started,
    count(*) filter (where event_type = 'lesson_complete') as lessons_completed,
    count(*) filter (where event_type = 'error') as errors,
    round(sum(gap), 2) as time_spent_seconds
from gaps group by all;

create or replace table session_metrics as
select session_id, min(learner_id) as learner_id, min("timestamp") as session_start,
    max("timestamp") as session_end, count(*) as total_events,
    count(distinct json_extract_string(data, '$.page_id')) filter (where event_type = 'page_view') as unique_pages,
    count(*) filter (where event_type = 'interaction') as total_interactions,
    count(distinct json_extract_string(data, '$.lesson_id')) filter (where event_type in ('lesson_start', 'lesson_complete')) as lessons_attempted,
    count(distinct json_extract_string(data, '$.lesson_id')) filter (where event_type = 'lesson_complete') as lessons_completed,
    avg(try_cast(json_extract_string(data, '$.score') as double)) filter (where event_type = 'assessment_complete') as avg_assessment_score
from raw_events group by session_id;
"""


def main(landing: str, day: str, database: str) -> None:
    year, month, dd = day.split("-")
    files = f"{landing}/events/{year}/{month}/{dd}/*.parquet"
    start = time.perf_counter()
    with duckdb.connect(database) as conn:
        for name, statement in zip(TABLES, filter(str.strip, SQL.split(";")), strict=True):
            params = {k: v for k, v in {"files": files, "day": day}.items() if f"${k}" in statement}
            began = time.perf_counter()
            conn.execute(statement, params)
            print(f"{STAGE} {name} {time.perf_counter() - began:.3f}")
        rows = conn.execute("select count(*) from raw_events").fetchone()[0]
    print(f"bare duckdb: {rows} raw rows in {time.perf_counter() - start:.2f} s")


def stage_seconds(output: str) -> dict[str, float]:
    """The seconds of each table in a run's output: ``{"raw_events": 12.1, ...}``."""
    rows = (line.split() for line in output.splitlines() if line.startswith(f"{STAGE} "))
    return {name: float(seconds) for _, name, seconds in rows}


if __name__ == "__main__":
    main(*sys.argv[1:4])
