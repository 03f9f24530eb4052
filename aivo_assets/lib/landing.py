"""One view of the landing zone, local directory or S3, through pyarrow filesystems.

The landing contract is ``events/YYYY/MM/DD/<name>.parquet`` under a root URI; the path date
is the events' UTC date. DuckDB's httpfs cannot be installed offline, so every reader goes
through a pyarrow filesystem, which also speaks to S3-compatible endpoints.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs

EVENTS_PREFIX = "events"
# The landing contract's columns and types (JSON payloads as text, timestamps UTC without zone).
LANDING_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("event_type", pa.string()),
        ("learner_id", pa.string()),
        ("session_id", pa.string()),
        ("timestamp", pa.timestamp("us")),
        ("data", pa.string()),
        ("metadata", pa.string()),
        ("version", pa.string()),
    ]
)
_KEY_DATE = re.compile(r"(?:^|/)events/(\d{4})/(\d{2})/(\d{2})/[^/]+\.parquet$")


def date_prefix(day: date) -> str:
    """Landing prefix (relative to the root) holding the events of ``day``."""
    return f"{EVENTS_PREFIX}/{day:%Y/%m/%d}"


def key_date(key: str) -> date | None:
    """The partition date of a landing key, or None when the key is not a landing file."""
    match = _KEY_DATE.search(key)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class LandingFile:
    """A landed Parquet file: ``path`` is relative to the landing root (the ``s3_path`` column)."""

    path: str
    size: int
    mtime_ns: int | None


@dataclass(frozen=True)
class Landing:
    """The landing root as a pyarrow filesystem plus the base path inside it."""

    filesystem: pafs.FileSystem
    base: str
    uri: str

    @classmethod
    def from_uri(cls, uri: str, s3_endpoint_url: str | None = None) -> Landing:
        """``data/landing`` or ``s3://bucket/prefix``; S3 honours ``AIVO_S3_ENDPOINT_URL``."""
        if uri.startswith("s3://"):
            endpoint = s3_endpoint_url or os.environ.get("AIVO_S3_ENDPOINT_URL")
            bucket_and_prefix = uri.removeprefix("s3://").rstrip("/")
            options: dict[str, object] = {
                "region": os.environ.get(
                    "AWS_REGION", os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
                )
            }
            if endpoint:
                scheme, _, host = endpoint.partition("://")
                options.update(endpoint_override=host, scheme=scheme or "https")
            return cls(pafs.S3FileSystem(**options), bucket_and_prefix, uri)
        local = Path(uri).expanduser().absolute()
        return cls(pafs.LocalFileSystem(), str(local), uri)

    @property
    def is_local(self) -> bool:
        """Local files can be scanned by DuckDB directly; others stream through pyarrow."""
        return isinstance(self.filesystem, pafs.LocalFileSystem)

    def full_path(self, relative: str) -> str:
        return f"{self.base}/{relative}" if self.base else relative

    def relative_path(self, full: str) -> str:
        return full[len(self.base) + 1 :] if self.base else full

    def list_files(self, prefix: str = EVENTS_PREFIX) -> list[LandingFile]:
        """Every Parquet file under ``prefix`` (relative), sorted by path."""
        selector = pafs.FileSelector(self.full_path(prefix), recursive=True, allow_not_found=True)
        files = [
            LandingFile(
                path=self.relative_path(info.path),
                size=info.size or 0,
                mtime_ns=info.mtime_ns,
            )
            for info in self.filesystem.get_file_info(selector)
            if info.type == pafs.FileType.File and info.path.endswith(".parquet")
        ]
        return sorted(files, key=lambda f: f.path)

    def files_for_days(self, days: list[date]) -> list[LandingFile]:
        return [f for day in days for f in self.list_files(date_prefix(day))]
