"""Retention as Dagster jobs and schedules: raw Sundays 05:00 UTC, aggregates the 1st at 05:30.

Each job runs one op that purges its policy's tables and reports what it removed, including
the Dagster partitions affected, as output metadata and as an observation on each asset.
"""

from contextlib import closing
from datetime import UTC, date, datetime

from dagster import (
    AssetKey,
    AssetObservation,
    Config,
    JobDefinition,
    OpExecutionContext,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    job,
    op,
    schedule,
)

from aivo_assets.partitions import WAREHOUSE_POOL
from aivo_assets.retention.policies import AGGREGATES_POLICY, RAW_POLICY, RetentionPolicy
from aivo_assets.retention.purge import RetentionReport, purge_expired
from aivo_assets.retention.report_text import report_lines, report_metadata
from aivo_assets.schedules.default_status import default_schedule_status
from aivo_assets.warehouse.warehouse import Warehouse


class RetentionConfig(Config):
    """``as_of``: YYYY-MM-DD, default today (UTC). ``dry_run``: count, delete nothing."""

    dry_run: bool = False
    as_of: str | None = None


def purge_op_name(policy: RetentionPolicy) -> str:
    return f"purge_expired_{policy.name}"


def _retention_job(policy: RetentionPolicy) -> JobDefinition:
    @op(
        name=purge_op_name(policy),
        pool=WAREHOUSE_POOL,
        description=f"Delete {policy.name} data past retention.",
    )
    def purge(
        context: OpExecutionContext, config: RetentionConfig, warehouse: Warehouse
    ) -> RetentionReport:
        today = datetime.now(UTC).date()
        as_of = date.fromisoformat(config.as_of) if config.as_of else today
        with warehouse.get_connection() as conn, closing(conn.cursor()) as cursor:
            report = purge_expired(cursor, policy, as_of, today, dry_run=config.dry_run)
        for line in report_lines(report):
            context.log.info(line)
        context.add_output_metadata(report_metadata(report))
        for asset, days in report.partitions_by_asset().items():
            if days and not report.dry_run:
                context.log_event(
                    AssetObservation(
                        asset_key=AssetKey(asset.split("/")),
                        metadata={
                            "retention/cutoff": str(report.cutoff),
                            "retention/partitions_removed": len(days),
                            "retention/first_removed": str(days[0]),
                            "retention/last_removed": str(days[-1]),
                        },
                    )
                )
        return report

    @job(
        name=f"{policy.name}_retention_job",
        description=(
            f"Delete {policy.name} partitions older than {policy.months} months: "
            + ", ".join(t.table for t in policy.tables)
        ),
    )
    def retention_job() -> None:
        purge()

    return retention_job


raw_retention_job = _retention_job(RAW_POLICY)
aggregate_retention_job = _retention_job(AGGREGATES_POLICY)


def _retention_schedule(
    policy: RetentionPolicy, retention_job: JobDefinition, cron: str
) -> ScheduleDefinition:
    @schedule(
        name=f"{policy.name}_retention_schedule",
        cron_schedule=cron,
        execution_timezone="UTC",
        job=retention_job,
        default_status=default_schedule_status(),
    )
    def retention_schedule(context: ScheduleEvaluationContext) -> RunRequest:
        as_of = context.scheduled_execution_time.date().isoformat()
        return RunRequest(
            run_key=as_of,
            run_config={"ops": {purge_op_name(policy): {"config": {"as_of": as_of}}}},
        )

    return retention_schedule


# After the 04:00 refresh: raw every Sunday, aggregates on the first of the month.
raw_retention_schedule = _retention_schedule(RAW_POLICY, raw_retention_job, "0 5 * * 0")
aggregate_retention_schedule = _retention_schedule(
    AGGREGATES_POLICY, aggregate_retention_job, "30 5 1 * *"
)
