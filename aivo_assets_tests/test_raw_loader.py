"""The RAW loader gives the same tables whether DuckDB scans the files or Arrow streams them."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.fs as pafs

from aivo_assets.ingestion.raw_loader import CLASSIFY_SQL, load_raw_events
from aivo_assets.lib.landing import Landing
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.warehouse.duckdb_warehouse import DDL
from aivo_assets.warehouse.sql_script import run_script
from aivo_assets_tests.helpers.fixture_files import (
    counts_by_day,
    fixture_counts,
    write_landing,
)
from aivo_assets_tests.helpers.platform import FIXTURE_DAYS

PROCESSED_AT = datetime(2026, 1, 1)


def _load(landing: Landing, database: Path) -> tuple[list, list, list]:
    with duckdb.connect(str(database)) as conn:
        conn.execute(DDL)
        counts = load_raw_events(
            conn, landing, list(FIXTURE_DAYS), PROCESSED_AT, PrivacyPolicy()
        ).partitions
        raw = conn.execute("select * from raw.raw_events order by all").fetchall()
        rejected = conn.execute("select * from raw.raw_events_rejected order by all").fetchall()
    return counts, raw, rejected


def test_arrow_streamed_landing_equals_native_scan(tmp_path: Path) -> None:
    write_landing(tmp_path / "landing")
    local = Landing.from_uri(str(tmp_path / "landing"))
    # Any non-local pyarrow filesystem (S3 in production) takes the Arrow path.
    streamed = Landing(
        pafs.SubTreeFileSystem(str(tmp_path / "landing"), pafs.LocalFileSystem()), "", "subtree"
    )
    assert local.is_local and not streamed.is_local
    native = _load(local, tmp_path / "native.duckdb")
    arrow = _load(streamed, tmp_path / "arrow.duckdb")
    assert arrow == native

    assert counts_by_day(native[0]) == fixture_counts()


def test_a_day_with_nothing_landed_is_an_empty_partition(tmp_path: Path) -> None:
    write_landing(tmp_path / "landing")
    landing = Landing.from_uri(str(tmp_path / "landing"))
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute(DDL)
        load_raw_events(conn, landing, list(FIXTURE_DAYS), PROCESSED_AT, PrivacyPolicy())
        empty_day = FIXTURE_DAYS[-1] + timedelta(days=1)
        load = load_raw_events(conn, landing, [empty_day], PROCESSED_AT, PrivacyPolicy())
        [counts] = load.partitions
        assert (counts.files, counts.rows_landed, counts.rows_kept) == (0, 0, 0)
        kept = conn.execute("select count(*) from raw.raw_events").fetchone()[0]
    assert kept == sum(counts["rows_kept"] for counts in fixture_counts().values())


def test_the_loader_s_trim_macros_equal_duckdb_trim_on_every_kind_of_space() -> None:
    """``is_blank``/``trimmed`` skip work on ordinary values; they must still mean trim."""
    spaces = [" ", "\u00a0", "\u1680", "\u2000", "\u200a", "\u202f", "\u205f", "\u3000"]
    others = ["\t", "\n", "é", "x", ""]
    values = [None, "", "abc", "a b", "événement"]
    values += [f"{s}{v}{t}" for s in spaces + others for t in spaces + others for v in ("", "id")]
    with duckdb.connect() as conn:
        run_script(conn, CLASSIFY_SQL.split("-- Rejected rows")[0], {})
        conn.execute("create table v as select unnest($values) as x", {"values": values})
        mismatches = conn.execute(
            """
            select x from v
            where is_blank(x) is distinct from (x is null or trim(x) = '')
               or trimmed(x) is distinct from trim(x)
            """
        ).fetchall()
    assert mismatches == []
