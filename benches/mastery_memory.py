"""Peak memory of the mastery step on a day with 2 M evidence points (issue: under 1 GiB).

Builds a DuckDB warehouse whose raw.raw_events holds 1 M assessment_complete events with a
skill (2 points each: 50 k learners x 23 assessments x 11 skills), then measures the mastery
step alone in a child process. Usage: python benches/mastery_memory.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from process_tree import measure

ROOT = Path(__file__).resolve().parents[1]
FILL = """
insert into raw.raw_events
select 'learner_' || (i % 50000), 'assessment_complete', 'evt_' || i, 'sess_' || (i % 100000),
    timestamp '2025-09-01' + to_seconds(i % 86400),
    json_object('assessment_id', 'asmt_' || (i % 23), 'skill_id', 'skill_' || (i % 11),
                'score', (i * 7919) % 101),
    '{}', '1.0', timestamp '2025-09-02', date '2025-09-01', 'events/2025/09/01/x.parquet'
from range(1000000) as t(i)
"""
STEP = """
import sys
from datetime import date, datetime
from aivo_assets.warehouse.duckdb_warehouse import DuckDBWarehouse
stats = DuckDBWarehouse(database=sys.argv[1]).compute_mastery(
    date(2025, 9, 1), date(2025, 9, 1), datetime(2026, 1, 1))
print(stats.evidence_points, "evidence points,", stats.pairs, "pairs")
"""


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from aivo_assets.warehouse.duckdb_warehouse import DDL

    with tempfile.TemporaryDirectory() as tmp:
        database = str(Path(tmp) / "mastery.duckdb")
        with duckdb.connect(database) as conn:
            conn.execute(DDL)
            conn.execute(FILL)
        run = measure([sys.executable, "-c", STEP, database], cwd=str(ROOT))
    print(run.output.strip())
    print(
        f"mastery step: {run.seconds:.1f} s wall, {run.cpu_seconds:.1f} s CPU, "
        f"peak RSS {run.peak_rss_bytes / 2**30:.2f} GiB (target < 1 GiB)"
    )


if __name__ == "__main__":
    main()
