"""The synthetic learner-event generator: contract, realism, defects, determinism, files."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from aivo_assets.lib.event_types import EVENT_TYPES
from aivo_assets.lib.landing import LANDING_SCHEMA, key_date
from aivo_assets.synthetic.generator import (
    build_day_table,
    generate_landing,
    iter_days,
)

DAY = date(2025, 9, 5)


def _read_landing(root: Path) -> dict[str, pa.Table]:
    return {
        p.relative_to(root).as_posix(): pq.read_table(p)
        for p in sorted((root / "events").rglob("*.parquet"))
    }


def _valid(table: pa.Table) -> pa.Table:
    ok = pc.and_(pc.is_valid(table["learner_id"]), pc.is_valid(table["timestamp"]))
    return table.filter(pc.and_(ok, pc.ends_with(table["data"], "}")))


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def day_table() -> pa.Table:
    return build_day_table(DAY, 20_000, seed=3)


def test_schema_matches_landing_contract(day_table: pa.Table) -> None:
    assert day_table.schema == LANDING_SCHEMA
    assert day_table.schema.field("timestamp").type == pa.timestamp("us")  # UTC, no zone
    assert pc.all(pc.equal(day_table["version"], "1.0")).as_py()
    assert 19_000 < day_table.num_rows <= 20_000  # a lone day: its after-midnight tail clipped
    for column in ("event_id", "event_type", "session_id", "data", "metadata"):
        assert day_table[column].null_count == 0, column


def test_every_event_type_with_its_payload(day_table: pa.Table) -> None:
    assert set(day_table["event_type"].to_pylist()) == set(EVENT_TYPES)
    rows = _valid(day_table).to_pylist()
    required = {
        "page_view": {"page_id"},
        "interaction": {"element"},
        "lesson_start": {"lesson_id"},
        "lesson_complete": {"lesson_id", "score"},
        "assessment_start": {"assessment_id", "skill_id"},
        "assessment_complete": {"assessment_id", "score"},
        "error": {"code"},
    }
    missing_skill = 0
    for row in rows:
        data = json.loads(row["data"])
        assert required.get(row["event_type"], set()) <= data.keys(), row
        if "score" in data:
            assert 0 <= data["score"] <= 100
        missing_skill += row["event_type"] == "assessment_complete" and "skill_id" not in data
        meta = json.loads(row["metadata"])
        assert meta["source"] in {"web_app", "ios", "android"}
        assert meta["ip"].startswith("10.")
    assert missing_skill > 0  # "sometimes no skill_id"


def test_sessions_are_plausible(day_table: pa.Table) -> None:
    rows = _valid(day_table).sort_by([("session_id", "ascending"), ("timestamp", "ascending")])
    sessions: dict[str, list[dict]] = {}
    for row in rows.to_pylist():
        sessions.setdefault(row["session_id"], []).append(row)
    starts = [events[0]["event_type"] == "session_start" for events in sessions.values()]
    assert np.mean(starts) > 0.99  # all but a session whose start row is malformed
    ended = [events[-1]["event_type"] == "session_end" for events in sessions.values()]
    assert 0.75 < np.mean(ended) < 0.97  # some sessions are abandoned
    gaps = (
        np.concatenate(
            [
                np.diff([e["timestamp"] for e in events]).astype("timedelta64[us]")
                for events in sessions.values()
            ]
        ).astype(np.int64)
        / 1e6
    )
    assert 5 < np.median(gaps) < 60
    assert (gaps > 300).any()  # idle gaps
    assert len({e["learner_id"] for e in rows.to_pylist()}) < len(sessions)  # learners return


def test_deterministic_and_seeded(tmp_path: Path) -> None:
    assert build_day_table(DAY, 5_000, seed=3).equals(build_day_table(DAY, 5_000, seed=3))
    assert not build_day_table(DAY, 5_000, seed=4).equals(build_day_table(DAY, 5_000, seed=3))
    for name in ("a", "b"):
        generate_landing(DAY, 2, 3_000, str(tmp_path / name), seed=11, files_per_day=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.parquet"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.parquet"))
    assert files_a == files_b and files_a
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_defects_in_stated_proportions() -> None:
    (day,) = iter_days(DAY, 1, 200_000, seed=5)
    events, replays = day.table(), day.replay_table()
    assert replays.num_rows == round(day.events * 0.005) > 900
    assert day.malformed == round(day.events * 0.0001) >= 19
    assert events["learner_id"].null_count > 0 and events["timestamp"].null_count > 0
    bad_json = pc.sum(pc.invert(pc.ends_with(events["data"], "}"))).as_py()  # left open
    assert bad_json > 0
    assert events["learner_id"].null_count + events["timestamp"].null_count + bad_json == (
        day.malformed
    )
    assert not any(
        _parses(d)
        for d in events.filter(pc.invert(pc.ends_with(events["data"], "}")))["data"].to_pylist()
    )
    # Replays are exact copies of valid rows, same event_id.
    originals = events.filter(pc.is_in(events["event_id"], replays["event_id"]))
    assert originals.sort_by("event_id").equals(replays.sort_by("event_id"))
    assert replays["learner_id"].null_count == 0
    assert len(set(events["event_id"].to_pylist())) == events.num_rows
    (small,) = iter_days(DAY, 1, 100, seed=5)
    assert small.malformed >= 1 and len(small.replayed) >= 1


def test_sessions_cross_midnight_and_last_day_is_clipped() -> None:
    first, second = iter_days(DAY, 2, 4_000, seed=2)
    day1, day2 = first.table(), second.table()
    starts1 = set(
        day1.filter(pc.equal(day1["event_type"], "session_start"))["session_id"].to_pylist()
    )
    crossing = starts1 & set(day2["session_id"].to_pylist())
    assert crossing  # sessions started on day 1 continue on day 2, under day 2
    end = datetime.combine(DAY + timedelta(days=2), datetime.min.time())
    assert pc.max(day2["timestamp"]).as_py() < end  # the last day's spill is clipped
    assert build_day_table(DAY + timedelta(days=1), 4_000, seed=2, first_day=DAY).equals(day2)


def test_landing_files_read_back(tmp_path: Path) -> None:
    root = tmp_path / "landing"
    generate_landing(DAY, 3, 2_000, str(root), seed=1, files_per_day=6)  # replaced below
    summary = generate_landing(DAY, 3, 2_000, str(root), seed=1, files_per_day=4)
    files = _read_landing(root)
    assert len(files) == summary.files == 3 * (4 + 1)
    assert (
        sum(t.num_rows for t in files.values())
        == summary.rows
        == summary.events + summary.duplicates
    )
    for rel, table in files.items():
        assert table.schema == LANDING_SCHEMA
        ts = table["timestamp"].drop_null()
        assert pc.all(
            pc.equal(pc.cast(ts, pa.date32()), pa.scalar(key_date(rel), pa.date32()))
        ).as_py(), rel
        assert ts.to_numpy().tolist() == sorted(ts.to_numpy().tolist()), rel
    for d in summary.days:
        names = [r.rsplit("/", 1)[-1] for r in files if key_date(r) == d.day]
        assert sorted(names)[-1] == f"replay-{d.day:%Y%m%d}.parquet"
        assert d.malformed >= 1 and d.duplicates >= 1
        assert abs(d.events - 2_000) < 200
    # Learner ids are stable across days, so mastery carries over.
    learners = [
        set(files[r]["learner_id"].drop_null().to_pylist())
        for r in files
        if r.endswith("-000.parquet")
    ]
    assert learners[0] & learners[1] & learners[2]


def test_rejects_empty_generation() -> None:
    with pytest.raises(ValueError, match="must be at least 1"):
        list(iter_days(DAY, 1, 0))
