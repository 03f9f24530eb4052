"""Which daily partitions an asset check validates: the run's, or the latest materialized one.

Checks are unpartitioned (``AssetCheckSpec.partitions_def`` is a preview feature in Dagster
1.13, and even then a range run records no partition on the evaluation), so the window comes
from the run: a run of the partitioned job — one partition or a single-run range — carries
its partition key or key range in its tags, which ``partition_key_range`` reads whether or
not the job declares partitions. A check launched on its own, without partition tags,
validates the most recently materialized partition of its asset.
"""

from dataclasses import dataclass
from datetime import date

from dagster import AssetCheckExecutionContext, AssetKey, Failure


@dataclass(frozen=True)
class CheckedWindow:
    """Inclusive range of daily partition dates."""

    first: date
    last: date

    @property
    def label(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}..{self.last}"

    @property
    def days(self) -> list[date]:
        return [
            date.fromordinal(d) for d in range(self.first.toordinal(), self.last.toordinal() + 1)
        ]

    @classmethod
    def parse(cls, label: str) -> "CheckedWindow":
        first, _, last = label.partition("..")
        return cls(date.fromisoformat(first), date.fromisoformat(last or first))


def checked_window(context: AssetCheckExecutionContext, asset_key: AssetKey) -> CheckedWindow:
    if context.has_partition_key or context.has_partition_key_range:
        keys = context.partition_key_range
        return CheckedWindow(date.fromisoformat(keys.start), date.fromisoformat(keys.end))
    latest = context.instance.get_latest_materialization_event(asset_key)
    partition = latest.asset_materialization.partition if latest else None
    if latest is None or partition is None:
        raise Failure(
            f"{asset_key.to_user_string()} has no materialized partition to check; run the "
            "check with a partition (range), e.g. in daily_tables_job or table_checks_job."
        )
    day = date.fromisoformat(partition)
    return CheckedWindow(day, day)
