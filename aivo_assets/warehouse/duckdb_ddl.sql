-- Tables owned by Python assets (dbt owns the rest). Types follow the analytics schema
-- document: STRING -> VARCHAR, TIMESTAMP_NTZ -> TIMESTAMP, VARIANT -> JSON, NUMBER(p,s) -> DECIMAL(p,s).
create schema if not exists raw;
create schema if not exists analytics;

create table if not exists raw.raw_events (
    learner_id varchar not null,
    event_type varchar not null,
    event_id varchar not null,
    session_id varchar not null,
    "timestamp" timestamp not null,
    data json,
    metadata json,
    version varchar,
    processed_at timestamp not null,
    partition_date date not null,
    s3_path varchar not null
);

create table if not exists raw.raw_events_rejected (
    event_id varchar,
    event_type varchar,
    learner_id varchar,
    session_id varchar,
    "timestamp" timestamp,
    data varchar,
    metadata varchar,
    version varchar,
    s3_path varchar not null,
    partition_date date not null,
    reject_reason varchar not null,
    processed_at timestamp not null
);

create table if not exists analytics.mastery_deltas (
    learner_id varchar not null,
    content_id varchar not null,
    content_type varchar not null,
    previous_mastery decimal(5, 4) not null,
    current_mastery decimal(5, 4) not null,
    mastery_delta decimal(5, 4) not null,
    trigger_event_id varchar not null,
    trigger_event_type varchar not null,
    session_id varchar,
    confidence_score decimal(5, 4) not null,
    evidence_count decimal(10, 0) not null,
    "timestamp" timestamp not null,
    created_at timestamp not null,
    partition_date date not null
);

-- One row per Dagster run, upserted by run-status sensors (aivo_assets/observability/).
-- status: pending, running, completed, failed (the schema document's values; a cancelled run is failed).
create table if not exists analytics.etl_job_status (
    job_id varchar primary key,
    job_type varchar not null,
    status varchar not null,
    started_at timestamp,
    completed_at timestamp,
    records_processed decimal(15, 0) not null default 0,
    records_failed decimal(15, 0) not null default 0,
    bytes_processed decimal(20, 0) not null default 0,
    error_message varchar,
    retry_count decimal(5, 0) not null default 0,
    created_at timestamp not null,
    updated_at timestamp not null
);
