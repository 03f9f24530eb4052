"""A retention report as text lines (CLI, run logs) and as Dagster metadata."""

from __future__ import annotations

from dagster import MetadataValue

from aivo_assets.retention.purge import RetentionReport, partition_ranges


def _ranges_text(days: tuple) -> str:
    return ", ".join(
        str(first) if first == last else f"{first}..{last}"
        for first, last in partition_ranges(days)
    )


def report_lines(report: RetentionReport) -> list[str]:
    verb = "would remove" if report.dry_run else "removed"
    lines = [
        f"{report.policy} retention as of {report.as_of}: partitions before {report.cutoff} "
        f"have expired{' (dry run, nothing deleted)' if report.dry_run else ''}"
    ]
    for purge in report.tables:
        if not purge.exists:
            lines.append(f"  {purge.table.table}: table absent, nothing to remove")
            continue
        where = f" ({_ranges_text(purge.partitions)})" if purge.partitions else ""
        lines.append(
            f"  {purge.table.table}: {verb} {purge.rows:,} rows in "
            f"{len(purge.partitions)} partitions{where}"
        )
    for asset, days in report.partitions_by_asset().items():
        if days:
            lines.append(f"  Dagster asset {asset}: partitions {_ranges_text(days)}")
    return lines


def report_metadata(report: RetentionReport) -> dict[str, object]:
    table = "\n".join(
        ["| table | rows | partitions | range |", "|---|---|---|---|"]
        + [
            f"| {p.table.table} | {p.rows} | {len(p.partitions)} | "
            f"{_ranges_text(p.partitions) if p.exists else 'table absent'} |"
            for p in report.tables
        ]
    )
    return {
        "as_of": str(report.as_of),
        "cutoff": str(report.cutoff),
        "dry_run": report.dry_run,
        "rows_removed": 0 if report.dry_run else report.rows,
        "rows_expired": report.rows,
        "tables": MetadataValue.md(table),
    }
