-- One row per right-to-be-forgotten request executed. learner_ref is the pseudonym when
-- pseudonymization is on (the raw id is never stored), else the learner id. rows_removed is
-- JSON text ({"raw.raw_events": 12, ...}), so the table is the same on DuckDB and Snowflake.
create table if not exists ops.forget_audit (
    forget_id varchar not null,
    requested_at timestamp not null,
    requested_by varchar not null,
    learner_ref varchar not null,
    learner_ref_kind varchar not null,
    rows_removed varchar not null,
    landing_files_scanned bigint not null,
    landing_files_rewritten bigint not null,
    landing_files_deleted bigint not null,
    landing_rows_removed bigint not null,
    dagster_run_id varchar
);
