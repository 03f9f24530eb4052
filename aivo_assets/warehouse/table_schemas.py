"""Column schemas of the tables Python assets own, as the analytics schema document defines them.

dbt models get theirs from their yml ``columns``; these mirror ``duckdb_ddl.sql`` (a test
holds the two in step) with the document's types and descriptions, for the UI's column view.
"""

from dagster import TableColumn, TableColumnConstraints, TableSchema

REQUIRED = TableColumnConstraints(nullable=False)


def _column(name: str, type_: str, description: str, required: bool = False) -> TableColumn:
    return TableColumn(name, type_, description, REQUIRED if required else None)


RAW_EVENTS_COLUMNS = TableSchema(
    columns=[
        _column("learner_id", "STRING", "Unique learner identifier", required=True),
        _column("event_type", "STRING", "Type of event", required=True),
        _column("event_id", "STRING", "Unique event identifier", required=True),
        _column("session_id", "STRING", "Session identifier", required=True),
        _column("timestamp", "TIMESTAMP_NTZ", "Event timestamp (UTC)", required=True),
        _column("data", "VARIANT", "Event payload (JSON)"),
        _column("metadata", "VARIANT", "Event metadata (JSON)"),
        _column("version", "STRING", "Event schema version"),
        _column("processed_at", "TIMESTAMP_NTZ", "ETL processing time", required=True),
        _column("partition_date", "DATE", "Partition date (for clustering)", required=True),
        _column("s3_path", "STRING", "Source S3 file path", required=True),
    ]
)

MASTERY_DELTAS_COLUMNS = TableSchema(
    columns=[
        _column("learner_id", "STRING", "Learner identifier", required=True),
        _column("content_id", "STRING", "Content/skill identifier", required=True),
        _column(
            "content_type", "STRING", "Type of content (lesson, skill, assessment)", required=True
        ),
        _column("previous_mastery", "NUMBER(5,4)", "Previous mastery level (0-1)", required=True),
        _column("current_mastery", "NUMBER(5,4)", "Current mastery level (0-1)", required=True),
        _column("mastery_delta", "NUMBER(5,4)", "Change in mastery", required=True),
        _column("trigger_event_id", "STRING", "Event that triggered the change", required=True),
        _column("trigger_event_type", "STRING", "Type of trigger event", required=True),
        _column("session_id", "STRING", "Session identifier"),
        _column(
            "confidence_score", "NUMBER(5,4)", "Confidence in mastery calculation", required=True
        ),
        _column("evidence_count", "NUMBER(10,0)", "Number of evidence points", required=True),
        _column("timestamp", "TIMESTAMP_NTZ", "When mastery changed", required=True),
        _column("created_at", "TIMESTAMP_NTZ", "Record creation time", required=True),
        _column("partition_date", "DATE", "Partition date", required=True),
    ]
)

ETL_JOB_STATUS_COLUMNS = TableSchema(
    columns=[
        _column("job_id", "STRING", "Unique job identifier (the Dagster run id)", required=True),
        _column("job_type", "STRING", "Type of ETL job (the Dagster job name)", required=True),
        _column(
            "status", "STRING", "Job status (pending, running, completed, failed)", required=True
        ),
        _column("started_at", "TIMESTAMP_NTZ", "Job start time"),
        _column("completed_at", "TIMESTAMP_NTZ", "Job completion time"),
        _column("records_processed", "NUMBER(15,0)", "Records processed", required=True),
        _column("records_failed", "NUMBER(15,0)", "Records that failed", required=True),
        _column("bytes_processed", "NUMBER(20,0)", "Bytes processed", required=True),
        _column("error_message", "STRING", "Error message if failed"),
        _column("retry_count", "NUMBER(5,0)", "Number of retries", required=True),
        _column("created_at", "TIMESTAMP_NTZ", "Record creation time", required=True),
        _column("updated_at", "TIMESTAMP_NTZ", "Record update time", required=True),
    ]
)
