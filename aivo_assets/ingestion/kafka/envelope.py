"""The event envelope: which Kafka message values become landed events, and why the others don't.

A valid message is a UTF-8 JSON object with non-blank ``event_id``, ``event_type``,
``learner_id``, ``session_id`` and an ISO-8601 ``timestamp`` (UTC when it has no offset);
``data``/``metadata`` are kept as JSON text, ``version`` as text. A whole batch is checked in
one DuckDB statement over an Arrow array (each document parsed a handful of times in C++, no
Python per message); every rejected message gets the first reason that applies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aivo_assets.lib.landing import LANDING_SCHEMA

REQUIRED_FIELDS = ("event_id", "event_type", "learner_id", "session_id", "timestamp")
_SPEC = json.dumps(
    {
        **{name: "VARCHAR" for name in REQUIRED_FIELDS},
        "data": "JSON",
        "metadata": "JSON",
        "version": "VARCHAR",
    }
)
_MISSING_OTHERS = "\n".join(
    f"when nullif(trim(e.{name}), '') is null then 'missing_field:{name}'"
    for name in REQUIRED_FIELDS[1:]
)
# The hot path parses each document twice (json_valid, json_transform); json_type only runs
# for the few rows already known to be bad (CASE evaluates a branch for its rows only).
_VALIDATE_SQL = f"""
with decoded as (
    select row, value, try(decode(value)) as doc from envelope_batch
), parsed as (
    select row, value, doc,
        case when json_valid(doc) then json_transform(doc, '{_SPEC}') end as e
    from decoded
), typed as (
    select *, try_cast(e.timestamp as timestamptz)::timestamp as ts from parsed
)
select row,
    case
        when value is null or octet_length(value) = 0 then 'empty_message'
        when doc is null then 'invalid_utf8'
        when e is null or nullif(trim(e.event_id), '') is null then case
            when not json_valid(doc) then 'invalid_json'
            when json_type(doc) <> 'OBJECT' then 'not_an_object'
            else 'missing_field:event_id'
        end
        {_MISSING_OTHERS}
        when ts is null then 'invalid_timestamp'
    end as reason,
    e.event_id, e.event_type, e.learner_id, e.session_id, ts as "timestamp",
    e.data::varchar as data, e.metadata::varchar as metadata, e.version
from typed
"""


@dataclass(frozen=True)
class ValidatedBatch:
    """``events``: the valid messages in the landing contract plus ``row`` (input position)."""

    events: pa.Table
    rejected_rows: np.ndarray
    rejected_reasons: list[str]


def envelope_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that reads zone-less timestamps as UTC."""
    conn = duckdb.connect()
    conn.execute("set TimeZone = 'UTC'")
    return conn


def validate_envelopes(values: pa.Array, conn: duckdb.DuckDBPyConnection) -> ValidatedBatch:
    """Split raw message values (binary, nulls allowed) into landing rows and rejections."""
    batch = pa.table(
        {"row": pa.array(np.arange(len(values), dtype=np.int64)), "value": values.cast(pa.binary())}
    )
    conn.register("envelope_batch", batch)
    try:
        checked = conn.sql(_VALIDATE_SQL).to_arrow_table()
    finally:
        conn.unregister("envelope_batch")
    if not _ascending(checked["row"]):  # DuckDB keeps input order here; never rely on it blindly
        checked = checked.sort_by("row")
    ok = pc.is_null(checked["reason"])
    events = checked.filter(ok).select(["row", *LANDING_SCHEMA.names])
    rejected = checked.filter(pc.invert(ok))
    return ValidatedBatch(
        events=events.cast(pa.schema([("row", pa.int64()), *LANDING_SCHEMA])),
        rejected_rows=rejected["row"].to_numpy(),
        rejected_reasons=rejected["reason"].to_pylist(),
    )


def _ascending(rows: pa.ChunkedArray) -> bool:
    values = rows.to_numpy()
    return bool(np.all(values[1:] > values[:-1]))
