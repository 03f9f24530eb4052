"""Retention's SQL runs on Snowflake too (fakesnow): only rows before the cutoff go."""

from __future__ import annotations

from contextlib import closing
from datetime import date

from aivo_assets.retention.policies import AGGREGATES_POLICY, RAW_POLICY
from aivo_assets.retention.purge import purge_expired
from aivo_assets.warehouse.snowflake_warehouse import SnowflakeWarehouse

AS_OF, RAW_CUTOFF = date(2026, 8, 31), date(2025, 2, 28)


def test_raw_retention_on_snowflake_removes_exactly_the_expired_rows(
    snowflake_warehouse: SnowflakeWarehouse,
) -> None:
    with snowflake_warehouse.get_connection() as conn, closing(conn.cursor()) as cursor:
        cursor.executemany(
            "insert into RAW.raw_events (learner_id, event_type, event_id, session_id, "
            "timestamp, processed_at, partition_date, s3_path) "
            "values ('l1', 'page_view', %s, 's1', %s, %s, %s, 'events/x.parquet')",
            [
                (f"evt_{day}", f"{day} 10:00:00", f"{day} 11:00:00", day)
                for day in ("2025-02-26", "2025-02-27", "2025-02-28", "2026-08-31")
            ],
        )
        dry = purge_expired(cursor, RAW_POLICY, AS_OF, today=AS_OF, dry_run=True)
        report = purge_expired(cursor, RAW_POLICY, AS_OF, today=AS_OF)
        again = purge_expired(cursor, RAW_POLICY, AS_OF, today=AS_OF)
        kept = cursor.execute("select event_id from RAW.raw_events order by 1").fetchall()
        aggregates = purge_expired(cursor, AGGREGATES_POLICY, AS_OF, today=AS_OF)

    assert report.cutoff == RAW_CUTOFF
    [raw, rejected] = report.tables
    assert (raw.rows, raw.partitions) == (2, (date(2025, 2, 26), date(2025, 2, 27)))
    assert (rejected.exists, rejected.rows) == (True, 0)
    assert [(t.rows, t.partitions) for t in dry.tables] == [
        (t.rows, t.partitions) for t in report.tables
    ]
    assert again.rows == 0
    assert kept == [("evt_2025-02-28",), ("evt_2026-08-31",)]
    assert {t.table.table: t.exists for t in aggregates.tables}["analytics.minute_metrics"] is False
