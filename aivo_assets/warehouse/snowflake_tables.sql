-- Tables owned by Python assets on Snowflake (dbt owns the rest), in the analytics schema
-- document's types. Idempotent: run on every connection, like duckdb_ddl.sql. Account-level
-- objects (warehouses, stage, roles) are versioned migrations in deploy/snowflake/, and so are
-- the schemas (snowflake_warehouse.py creates only missing ones: see missing_schemas.py).

create table if not exists RAW.raw_events (
    learner_id string not null,
    event_type string not null,
    event_id string not null,
    session_id string not null,
    timestamp timestamp_ntz not null,
    data variant,
    metadata variant,
    version string,
    processed_at timestamp_ntz not null,
    partition_date date not null,
    s3_path string not null
)
cluster by (partition_date, learner_id);

-- The landed columns as text, so a row that failed validation is kept as it arrived.
create table if not exists RAW.raw_events_rejected (
    event_id string,
    event_type string,
    learner_id string,
    session_id string,
    timestamp timestamp_ntz,
    data string,
    metadata string,
    version string,
    s3_path string not null,
    partition_date date not null,
    reject_reason string not null,
    processed_at timestamp_ntz not null
)
cluster by (partition_date);

create table if not exists ANALYTICS.mastery_deltas (
    learner_id string not null,
    content_id string not null,
    content_type string not null,
    previous_mastery number(5, 4) not null,
    current_mastery number(5, 4) not null,
    mastery_delta number(5, 4) not null,
    trigger_event_id string not null,
    trigger_event_type string not null,
    session_id string,
    confidence_score number(5, 4) not null,
    evidence_count number(10, 0) not null,
    timestamp timestamp_ntz not null,
    created_at timestamp_ntz not null,
    partition_date date not null
)
cluster by (partition_date, learner_id);

-- One row per Dagster run, merged by the run-status sensors (aivo_assets/observability/).
create table if not exists ANALYTICS.etl_job_status (
    job_id string not null primary key,
    job_type string not null,
    status string not null,
    started_at timestamp_ntz,
    completed_at timestamp_ntz,
    records_processed number(15, 0) not null default 0,
    records_failed number(15, 0) not null default 0,
    bytes_processed number(20, 0) not null default 0,
    error_message string,
    retry_count number(5, 0) not null default 0,
    created_at timestamp_ntz not null,
    updated_at timestamp_ntz not null
);
