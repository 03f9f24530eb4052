"""What a check evaluation records: the window, and on failure the count and a sample."""

from __future__ import annotations

from typing import Any

from dagster import MetadataValue

from aivo_assets.quality.contract_validation import RuleFailure

# Keys the alert sensor reads back from evaluations.
WINDOW_KEY = "partition_window"
FAILURE_COUNT_KEY = "failure_count"


def check_metadata(
    window_label: str | None, rows_checked: int | None, failures: list[RuleFailure]
) -> dict[str, Any]:
    """``window_label`` is None for the unpartitioned views."""
    metadata: dict[str, Any] = {FAILURE_COUNT_KEY: sum(f.failure_count for f in failures)}
    if window_label is not None:
        metadata[WINDOW_KEY] = window_label
    if rows_checked is not None:
        metadata["rows_checked"] = rows_checked
    if failures:
        metadata["failed_rules"] = MetadataValue.md(_rules_table(failures))
        metadata["failure_sample"] = MetadataValue.json(
            {failure.rule: list(failure.sample) for failure in failures}
        )
    return metadata


def _rules_table(failures: list[RuleFailure]) -> str:
    lines = ["| rule | failures |", "|---|---|"]
    lines += [f"| `{f.rule.replace('|', '/')}` | {f.failure_count} |" for f in failures]
    return "\n".join(lines)
