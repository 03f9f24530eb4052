"""Peak memory of the mastery step: a day with 2 M evidence points (issue: under 1 GiB), or a
single-run window of several such days (``--days N``: the memory must not grow with N).

Builds a DuckDB warehouse whose raw.raw_events holds 1 M assessment_complete events a day with
a skill (2 points each: 50 k learners x 23 assessments x 11 skills), then measures the mastery
step alone over the whole window in a child process.
Usage: python benches/mastery_memory.py [--days N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from process_tree import measure

ROOT = Path(__file__).resolve().parents[1]
EVENTS_PER_DAY = 1_000_000
FILL = """
insert into raw.raw_events
select 'learner_' || (i % 50000), 'assessment_complete', 'evt_' || i, 'sess_' || (i % 100000),
    timestamp '2025-09-01' + to_days(cast(i // $per_day as integer)) + to_seconds(i % 86400),
    json_object('assessment_id', 'asmt_' || (i % 23), 'skill_id', 'skill_' || (i % 11),
                'score', (i * 7919) % 101),
    '{}', '1.0', timestamp '2025-09-02', date '2025-09-01' + cast(i // $per_day as integer),
    'events/2025/09/01/x.parquet'
from range($events) as t(i)
"""
STEP = """
import sys
from datetime import date, datetime, timedelta
from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse
first = date(2025, 9, 1)
stats = DuckDBWarehouse(database=sys.argv[1]).compute_mastery(
    first, first + timedelta(days=int(sys.argv[2]) - 1), datetime(2026, 1, 1))
print(stats.evidence_points, "evidence points,", stats.pairs, "pairs")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=1)
    days = parser.parse_args().days
    sys.path.insert(0, str(ROOT))
    from aivo_assets.warehouse.duckdb_warehouse import DDL

    with tempfile.TemporaryDirectory() as tmp:
        database = str(Path(tmp) / "mastery.duckdb")
        with duckdb.connect(database) as conn:
            conn.execute(DDL)
            conn.execute(FILL, {"per_day": EVENTS_PER_DAY, "events": EVENTS_PER_DAY * days})
        run = measure([sys.executable, "-c", STEP, database, str(days)], cwd=str(ROOT))
    print(run.output.strip())
    print(
        f"mastery step over {days} day(s): {run.seconds:.1f} s wall, {run.cpu_seconds:.1f} s CPU, "
        f"peak RSS {run.peak_rss_bytes / 2**30:.2f} GiB (target < 1 GiB)"
    )


if __name__ == "__main__":
    main()
