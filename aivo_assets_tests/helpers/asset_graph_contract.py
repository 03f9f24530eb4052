"""The asset graph users see in the UI, written out from the contract (issues + schema document).

Hard-coded on purpose: the UI tests compare what the running webserver reports against this,
not against the code that builds the graph. Update it when the graph changes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExpectedAsset:
    group: str
    kinds: frozenset[str]
    partitioned: bool
    # Text the description must contain: the schema document's purpose or use cases.
    describes: str
    materializable: bool = True


WAREHOUSE_KIND = "duckdb"  # the suite runs on the embedded warehouse

ASSETS: dict[str, ExpectedAsset] = {
    "kafka/events_raw": ExpectedAsset(
        "ingestion", frozenset({"kafka"}), False, "topic `events_raw`", materializable=False
    ),
    "landing/events": ExpectedAsset(
        "ingestion", frozenset({"s3"}), False, "events/YYYY/MM/DD/", materializable=False
    ),
    "raw/raw_events": ExpectedAsset(
        "raw", frozenset({"python", WAREHOUSE_KIND}), True, "Primary table for all learner events"
    ),
    "analytics/minute_metrics": ExpectedAsset(
        "analytics", frozenset({"dbt", WAREHOUSE_KIND}), True, "real-time activity monitoring"
    ),
    "analytics/session_metrics": ExpectedAsset(
        "analytics", frozenset({"dbt", WAREHOUSE_KIND}), True, "completion rate analysis"
    ),
    "analytics/mastery_deltas": ExpectedAsset(
        "analytics", frozenset({"python", WAREHOUSE_KIND}), True, "personalization engines"
    ),
    "analytics/learner_activity_summary": ExpectedAsset(
        "views", frozenset({"dbt", WAREHOUSE_KIND}), False, "learner engagement overview"
    ),
    "analytics/content_mastery_trends": ExpectedAsset(
        "views", frozenset({"dbt", WAREHOUSE_KIND}), False, "mastery progression tracking"
    ),
    # Written by run-status sensors, not by runs.
    "analytics/etl_job_status": ExpectedAsset(
        "ops", frozenset({WAREHOUSE_KIND}), False, "ETL job execution status", materializable=False
    ),
}

# The Looker views: built by runs, unpartitioned.
VIEWS = sorted(p for p, a in ASSETS.items() if a.materializable and not a.partitioned)

OWNERS = ["team:data-platform"]

EDGES = {
    ("kafka/events_raw", "landing/events"),
    ("landing/events", "raw/raw_events"),
    ("raw/raw_events", "analytics/minute_metrics"),
    ("raw/raw_events", "analytics/session_metrics"),
    ("raw/raw_events", "analytics/mastery_deltas"),
    # BKT state of day D starts from day D-1.
    ("analytics/mastery_deltas", "analytics/mastery_deltas"),
    ("analytics/minute_metrics", "analytics/learner_activity_summary"),
    ("analytics/mastery_deltas", "analytics/content_mastery_trends"),
}

# Every table and view: its pandera contract (ERROR, blocking); partitioned tables: freshness.
_CONTRACT = {"contract"}
_DAILY = {"contract", "freshness_check"}

# Pandera contracts, reconciliations and freshness: each rule is checked once, by pandera (the
# dbt models carry no data tests that would check the same rules again inside `dbt build`).
CHECKS: dict[str, set[str]] = {
    "raw/raw_events": _DAILY | {"contract_warnings", "landed_rows_are_accounted_for"},
    "analytics/mastery_deltas": _DAILY,
    "analytics/learner_activity_summary": _CONTRACT,
    "analytics/content_mastery_trends": _CONTRACT,
    "analytics/minute_metrics": _DAILY | {"total_events_match_raw_events"},
    "analytics/session_metrics": _DAILY | {"durations_match_raw_events"},
}

# One shared daily partitioning (AIVO_PARTITIONS_START, default 2025-01-01), single-run backfills.
PARTITIONS_DESCRIPTION = "Daily, starting 2025-01-01 UTC."
BACKFILL_POLICY = "SINGLE_RUN"

JOBS = {
    "daily_tables_job",
    "looker_views_job",
    "table_checks_job",
    # Operations and privacy (docs/operations.md, docs/privacy.md).
    "raw_retention_job",
    "aggregates_retention_job",
    "forget_learner_job",
    "apply_access_control_job",
}

# Column names of every table and view, in the schema document's order.
COLUMNS: dict[str, list[str]] = {
    "landing/events": [
        "event_id",
        "event_type",
        "learner_id",
        "session_id",
        "timestamp",
        "data",
        "metadata",
        "version",
    ],
    "raw/raw_events": [
        "learner_id",
        "event_type",
        "event_id",
        "session_id",
        "timestamp",
        "data",
        "metadata",
        "version",
        "processed_at",
        "partition_date",
        "s3_path",
    ],
    "analytics/minute_metrics": [
        "learner_id",
        "minute_timestamp",
        "session_id",
        "total_events",
        "page_views",
        "interactions",
        "assessments_started",
        "assessments_completed",
        "lessons_started",
        "lessons_completed",
        "errors",
        "time_spent_seconds",
        "created_at",
        "partition_date",
    ],
    "analytics/session_metrics": [
        "session_id",
        "learner_id",
        "session_start",
        "session_end",
        "duration_seconds",
        "total_events",
        "unique_pages",
        "total_interactions",
        "lessons_attempted",
        "lessons_completed",
        "assessments_attempted",
        "assessments_completed",
        "avg_assessment_score",
        "completion_rate",
        "is_active",
        "last_activity",
        "created_at",
        "updated_at",
        "partition_date",
    ],
    "analytics/mastery_deltas": [
        "learner_id",
        "content_id",
        "content_type",
        "previous_mastery",
        "current_mastery",
        "mastery_delta",
        "trigger_event_id",
        "trigger_event_type",
        "session_id",
        "confidence_score",
        "evidence_count",
        "timestamp",
        "created_at",
        "partition_date",
    ],
    "analytics/learner_activity_summary": [
        "learner_id",
        "activity_date",
        "daily_events",
        "hours_spent",
        "sessions",
        "lessons_completed",
        "assessments_completed",
    ],
    "analytics/content_mastery_trends": [
        "content_id",
        "content_type",
        "mastery_date",
        "learners_affected",
        "avg_mastery_change",
        "avg_current_mastery",
        "avg_confidence",
    ],
    "analytics/etl_job_status": [
        "job_id",
        "job_type",
        "status",
        "started_at",
        "completed_at",
        "records_processed",
        "records_failed",
        "bytes_processed",
        "error_message",
        "retry_count",
        "created_at",
        "updated_at",
    ],
}
