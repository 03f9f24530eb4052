"""Which landing files a buffered offset range becomes, and when a buffer rolls.

A file's key is derived from topic, partition, offset range and event date only, so a
restart that replays the same range writes the same keys (overwriting, never adding).
Offsets are zero-padded so keys sort in offset order.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aivo_assets.lib.landing import date_prefix

_EPOCH = date(1970, 1, 1)


def landing_key(topic: str, partition: int, first_offset: int, last_offset: int, day: date) -> str:
    """``events/YYYY/MM/DD/<topic>-p<partition>-<first>-<last>.parquet`` (offsets inclusive)."""
    name = f"{topic}-p{partition:04d}-{first_offset:019d}-{last_offset:019d}.parquet"
    return f"{date_prefix(day)}/{name}"


def split_by_date(events: pa.Table) -> dict[date, pa.Table]:
    """The events grouped by the UTC date of ``timestamp``, each group in its original order."""
    if events.num_rows == 0:
        return {}
    days = pc.cast(events["timestamp"], pa.date32()).to_numpy().astype(np.int64)
    order = np.argsort(days, kind="stable")
    ordered = events.take(pa.array(order))
    unique_days, starts = np.unique(days[order], return_index=True)
    ends = [*starts[1:].tolist(), len(order)]
    return {
        _EPOCH + timedelta(days=int(day)): ordered.slice(start, end - start)
        for day, start, end in zip(unique_days.tolist(), starts.tolist(), ends, strict=True)
    }


def roll_due(
    buffered_bytes: int, buffered_seconds: float, roll_bytes: int, roll_seconds: float
) -> bool:
    """A buffer rolls when it is big enough or its oldest message has waited long enough."""
    return buffered_bytes >= roll_bytes or buffered_seconds >= roll_seconds
