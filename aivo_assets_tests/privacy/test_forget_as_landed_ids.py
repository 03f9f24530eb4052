"""Forget finds a learner by the id as landed: a rejected row keeps " learner_003" padded."""

from __future__ import annotations

import os
import time
from datetime import date

import duckdb
import pyarrow.parquet as pq

from aivo_assets.ops.run_op_job import run_op_job
from aivo_assets.privacy.forget_job import FORGET_OP
from aivo_assets_tests.helpers.fixture_files import Record, write_landing_files
from aivo_assets_tests.helpers.platform import Platform

FIRST, SECOND = date(2025, 9, 5), date(2025, 9, 6)


def _event(event_id: str, learner: str, session: str, day: date, data: str) -> Record:
    return {"event_id": event_id, "event_type": "page_view", "learner_id": learner,
            "session_id": session, "timestamp": f"{day} 10:00:00", "data": data,
            "metadata": "{}", "version": "1.0"}  # fmt: skip


def test_a_padded_id_on_a_rejected_row_is_forgotten_too(platform: Platform) -> None:
    page = '{"page_id": "p"}'
    write_landing_files(platform.landing, {
        "events/2025/09/05/a.parquet": [
            _event("e1", "learner_003", "s1", FIRST, page),
            _event("e2", "learner_009", "s9", FIRST, page),
        ],
        # The learner's only row that day is rejected (invalid JSON), its id padded.
        "events/2025/09/06/a.parquet": [
            _event("e3", " learner_003", "s2", SECOND, "{not json"),
            _event("e4", "learner_009", "s9", SECOND, page),
        ],
    })  # fmt: skip
    # Landed well before the load, so forget reads only the days RAW places the learner on.
    an_hour_ago = time.time() - 3600
    for path in platform.landing.rglob("*.parquet"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    platform.materialize(FIRST, SECOND)

    done = run_op_job(platform.defs, platform.instance, "forget_learner_job", FORGET_OP,
                      {"learner_id": "learner_003"})  # fmt: skip
    assert done.success, done.error
    assert done.output.audit.rows_removed["raw.raw_events_rejected"] == 1
    assert done.output.landing.days_changed == (FIRST, SECOND)
    with duckdb.connect(str(platform.warehouse), read_only=True) as conn:
        assert conn.execute("select event_id from raw.raw_events_rejected").fetchall() == []
    landed = {
        path.relative_to(platform.landing).as_posix(): pq.read_table(path)["event_id"].to_pylist()
        for path in platform.landing.rglob("*.parquet")
    }
    assert landed == {"events/2025/09/05/a.parquet": ["e2"], "events/2025/09/06/a.parquet": ["e4"]}
