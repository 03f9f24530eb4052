"""The sources upstream of ``raw/raw_events``, shown as external assets so lineage starts at Kafka.

Dagster does not materialize them: the ingester service writes the landing and the landing
sensor starts the runs. They exist so the graph reads source → RAW → ANALYTICS → Looker.
"""

from dagster import AssetKey, AssetSpec, TableColumn, TableSchema

KAFKA_EVENTS_RAW = AssetKey(["kafka", "events_raw"])
LANDING_EVENTS = AssetKey(["landing", "events"])

# The landing contract: what the ingester writes and the RAW loader reads (Parquet types).
LANDING_COLUMNS = TableSchema(
    columns=[
        TableColumn("event_id", "string", "Unique event identifier"),
        TableColumn("event_type", "string", "Type of event"),
        TableColumn("learner_id", "string", "Unique learner identifier"),
        TableColumn("session_id", "string", "Session identifier"),
        TableColumn("timestamp", "timestamp[us]", "Event timestamp (UTC, no zone)"),
        TableColumn("data", "string", "Event payload (JSON text)"),
        TableColumn("metadata", "string", "Event metadata (JSON text)"),
        TableColumn("version", "string", "Event schema version"),
    ]
)

kafka_events_raw = AssetSpec(
    key=KAFKA_EVENTS_RAW,
    group_name="ingestion",
    kinds={"kafka"},
    owners=["team:data-platform"],
    description=(
        "Redpanda/Kafka topic `events_raw`: every learner event the Aivo apps emit, one JSON "
        "message per event (event_id, event_type, learner_id, session_id, timestamp, data, "
        "metadata, version). Messages that fail validation go to the `events_raw.dlq` topic."
    ),
    metadata={"topic": "events_raw", "dead_letter_topic": "events_raw.dlq"},
)

landing_events = AssetSpec(
    key=LANDING_EVENTS,
    deps=[kafka_events_raw],
    group_name="ingestion",
    kinds={"s3"},
    owners=["team:data-platform"],
    description=(
        "Parquet landing of the topic on S3 (a local directory in development), under "
        "`AIVO_LANDING_URI`: files `events/YYYY/MM/DD/<name>.parquet`, the path date being the "
        "event's UTC date, so one date prefix is one daily partition of raw/raw_events."
    ),
    metadata={
        "layout": "events/YYYY/MM/DD/<name>.parquet",
        "dagster/column_schema": LANDING_COLUMNS,
    },
)
