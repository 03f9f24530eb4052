"""Envelope validation: the DuckDB batch check against an independent Python oracle."""

from __future__ import annotations

import json
from datetime import date, datetime

import pyarrow as pa
import pytest

from aivo_assets.ingestion.kafka.envelope import (
    LANDING_SCHEMA,
    envelope_connection,
    validate_envelopes,
)
from aivo_assets.synthetic.generator import build_day_table
from aivo_assets.synthetic.kafka_messages import envelope_values
from aivo_assets_tests.helpers.event_stream import BAD_MESSAGES, expected_reason


@pytest.fixture(scope="module")
def conn():
    return envelope_connection()


def test_every_bad_message_is_rejected_with_the_oracles_reason(conn) -> None:
    good = envelope_values(build_day_table(date(2025, 9, 5), 200)).to_pylist()
    values = [v for pair in zip(good, BAD_MESSAGES, strict=False) for v in pair]
    checked = validate_envelopes(pa.array(values, pa.binary()), conn)

    expected = {i: expected_reason(v) for i, v in enumerate(values)}
    got = dict(zip(checked.rejected_rows.tolist(), checked.rejected_reasons, strict=True))
    assert got == {i: reason for i, reason in expected.items() if reason is not None}
    assert checked.events["row"].to_pylist() == [i for i, r in expected.items() if r is None]
    # The bad messages cover every reason the ingester gives.
    assert set(got.values()) == {
        "empty_message", "invalid_utf8", "invalid_json", "not_an_object", "invalid_timestamp",
        "missing_field:event_type", "missing_field:learner_id", "missing_field:session_id",
    }  # fmt: skip


def test_generated_events_round_trip_through_the_envelope(conn) -> None:
    table = build_day_table(date(2025, 9, 6), 3000)
    checked = validate_envelopes(envelope_values(table), conn)

    kept = table.take(checked.events["row"])
    events = checked.events.drop_columns(["row"])
    assert events.schema == LANDING_SCHEMA
    for name in ("event_id", "event_type", "learner_id", "session_id", "timestamp", "version"):
        assert events[name].equals(kept[name]), name
    for ours, theirs in zip(events["data"].to_pylist(), kept["data"].to_pylist(), strict=True):
        assert json.loads(ours) == json.loads(theirs)
    # The generator's malformed rows (null learner/timestamp, broken data JSON) are exactly
    # the rejected ones.
    assert len(checked.rejected_rows) == table.num_rows - kept.num_rows > 0


def test_timestamps_are_normalised_to_utc_without_zone(conn) -> None:
    def message(timestamp: str) -> bytes:
        doc = dict.fromkeys(("event_id", "event_type", "learner_id", "session_id"), "x")
        return json.dumps({**doc, "timestamp": timestamp}).encode()

    values = [
        message("2025-09-05T23:30:00-02:00"),
        message("2025-09-05 10:00:00.25"),
        message("2025-09-05T10:00:00Z"),
    ]
    checked = validate_envelopes(pa.array(values, pa.binary()), conn)
    assert checked.events["timestamp"].to_pylist() == [
        datetime(2025, 9, 6, 1, 30),
        datetime(2025, 9, 5, 10, 0, 0, 250000),
        datetime(2025, 9, 5, 10, 0),
    ]
    assert checked.events["data"].to_pylist() == [None, None, None]
