"""Synthetic events as Kafka message values: the JSON envelope producers put on ``events_raw``.

Built column-wise with Arrow string kernels. ``data``/``metadata`` are embedded as JSON
objects, so a generated row whose ``data`` is broken JSON yields a message that is not JSON
at all, and a null ``learner_id``/``timestamp`` is a JSON ``null``: the generator's malformed
rows become the messages the ingester must dead-letter.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

_STRING_FIELDS = ("event_id", "event_type", "learner_id", "session_id")


def _quoted(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.fill_null(pc.binary_join_element_wise('"', column, '"', ""), "null")


def envelope_values(events: pa.Table) -> pa.Array:
    """One UTF-8 JSON object per landing-contract row, timestamps as ISO-8601 with ``Z``."""
    timestamp = pc.strftime(events["timestamp"], format="%Y-%m-%dT%H:%M:%SZ")
    parts: list[object] = ["{"]
    for name in _STRING_FIELDS:
        parts += [f'"{name}":', _quoted(events[name]), ","]
    parts += ['"timestamp":', _quoted(timestamp), ","]
    parts += ['"data":', pc.fill_null(events["data"], "null"), ","]
    parts += ['"metadata":', pc.fill_null(events["metadata"], "null"), ","]
    parts += ['"version":', _quoted(events["version"]), "}"]
    joined = pc.binary_join_element_wise(*parts, "")
    return joined.combine_chunks().cast(pa.binary())
