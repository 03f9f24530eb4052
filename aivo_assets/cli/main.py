"""``aivo``: generate events, materialize partitions through the Dagster instance, run the demo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import click

from aivo_assets.lib.settings import Settings


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


@click.group()
def main() -> None:
    """The Aivo learning platform's data platform."""


@main.command()
@click.option("--start", required=True, help="First day, YYYY-MM-DD.")
@click.option("--days", default=1, show_default=True, type=int)
@click.option("--events-per-day", default=10_000, show_default=True, type=int)
@click.option("--out", default=None, help="Landing root (default: AIVO_LANDING_URI).")
@click.option("--seed", default=7, show_default=True, type=int)
@click.option("--files-per-day", default=8, show_default=True, type=int)
def generate(
    start: str, days: int, events_per_day: int, out: str | None, seed: int, files_per_day: int
) -> None:
    """Write seeded, reproducible synthetic events in the landing layout."""
    from aivo_assets.synthetic.generator import generate_landing

    summary = generate_landing(
        date.fromisoformat(start),
        days,
        events_per_day,
        out or Settings.from_env().landing_uri,
        seed=seed,
        files_per_day=files_per_day,
    )
    for day in summary.days:
        click.echo(
            f"{day.day}: {day.events} events, {day.duplicates} replayed duplicates, "
            f"{day.malformed} malformed, {day.files} files"
        )
    click.echo(f"landing: {summary.out_uri}")


@main.command()
@click.option("--start", required=True, help="First partition, YYYY-MM-DD.")
@click.option("--end", default=None, help="Last partition (inclusive); default: --start.")
@click.option("--skip-views", is_flag=True, help="Do not re-create the Looker views.")
def materialize(start: str, end: str | None, skip_views: bool) -> None:
    """Materialize every partitioned asset over the range as one run, then the views."""
    first = date.fromisoformat(start)
    _materialize_and_report(first, _day(end) or first, views=not skip_views)


@main.command()
@click.option("--days", default=3, show_default=True, type=int)
@click.option("--events-per-day", default=50_000, show_default=True, type=int)
def demo(days: int, events_per_day: int) -> None:
    """Generate recent days of events, materialize everything and print a summary."""
    from aivo_assets.synthetic.generator import generate_landing

    settings = Settings.from_env()
    today = datetime.now(UTC).date()
    first, last = today - timedelta(days=days), today - timedelta(days=1)
    click.echo(f"Generating {days} days x {events_per_day} events into {settings.landing_uri}")
    generate_landing(first, days, events_per_day, settings.landing_uri)
    _materialize_and_report(first, last)
    _print_activity_sample(settings)
    click.echo("\nOpen the asset lineage in the Dagster UI: make dev  (http://127.0.0.1:3000)")


@main.command()
@click.option(
    "--max-idle",
    type=float,
    default=None,
    help="Drain mode: stop (flush and commit) after this many seconds without messages.",
)
def ingest(max_idle: float | None) -> None:
    """Consume the events topic into Parquet files in the landing (see docs/ingest.md)."""
    import logging

    from aivo_assets.ingestion.kafka.config import IngestConfig
    from aivo_assets.ingestion.kafka.service import serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = IngestConfig.from_env()
    click.echo(
        f"ingest {config.topic} @ {config.bootstrap} (group {config.group}) -> "
        f"{config.landing_uri}",
        err=True,
    )
    stats = serve(config, max_idle_seconds=max_idle)
    click.echo(
        f"consumed {stats.messages} messages: {stats.events_landed} events landed in "
        f"{stats.files} files, {stats.dead_letters} dead letters"
    )


@main.command()
@click.option("--dry-run", is_flag=True, help="Count what has expired; delete nothing.")
@click.option("--as-of", default=None, help="Apply the policies as on this day (default today).")
@click.option(
    "--policy", type=click.Choice(["all", "raw", "aggregates"]), default="all", show_default=True
)
def retention(dry_run: bool, as_of: str | None, policy: str) -> None:
    """Delete raw data older than 18 months and aggregates older than 7 years."""
    from aivo_assets.retention.policies import POLICIES
    from aivo_assets.retention.report_text import report_lines
    from aivo_assets.retention.retention_jobs import purge_op_name

    config = {"dry_run": dry_run, "as_of": as_of and date.fromisoformat(as_of).isoformat()}
    for chosen in POLICIES.values() if policy == "all" else [POLICIES[policy]]:
        run = _run_op_job(f"{chosen.name}_retention_job", purge_op_name(chosen), config)
        click.echo("\n".join(report_lines(run.output)) + f"\n  (run {run.run_id})")


@main.command()
@click.option("--learner", "learner_id", required=True, help="The learner's id as landed.")
@click.option("--requested-by", default=None, help="Who asked, for the audit (default: $USER).")
def forget(learner_id: str, requested_by: str | None) -> None:
    """Remove a learner from every table and from the landing (right to be forgotten)."""
    from aivo_assets.privacy.forget_job import FORGET_OP
    from aivo_assets.privacy.privacy_resource import PrivacyResource

    policy = PrivacyResource.from_settings(Settings.from_env()).policy()
    # With pseudonymization on, only the pseudonym enters the run (and its stored config).
    who = {"pseudonym" if policy.pseudonymizer else "learner_id": policy.learner_ref(learner_id)}
    run = _run_op_job("forget_learner_job", FORGET_OP, {**who, "requested_by": requested_by})
    audit = run.output.audit
    click.echo(f"Forgot {audit.learner_ref_kind} {audit.learner_ref} (audit {audit.forget_id})")
    for table, rows in audit.rows_removed.items():
        click.echo(f"  {table}: {rows:,} rows removed")
    click.echo(
        f"  landing: {audit.landing_files_scanned} files scanned, "
        f"{audit.landing_files_rewritten} rewritten, {audit.landing_files_deleted} deleted, "
        f"{audit.landing_rows_removed:,} rows removed"
    )
    if days := run.output.landing.days_changed:
        click.echo(
            f"  landing changed on {', '.join(map(str, days))}: rebuild those days, or where "
            "replays were removed their landed-rows check fails (the loads counted them):\n"
            f"    aivo materialize --start {days[0]} --end {days[-1]}\n"
            "  (the landing sensor does it by itself when it is on)"
        )
    click.echo(f"  (run {run.run_id})")


def _run_op_job(job_name: str, op_name: str, config: dict):
    from dagster import DagsterInstance

    from aivo_assets.definitions import defs
    from aivo_assets.lib.dagster_home import ensure_dagster_home
    from aivo_assets.ops.run_op_job import run_op_job

    ensure_dagster_home()
    with DagsterInstance.get() as instance:
        run = run_op_job(defs, instance, job_name, op_name, config)
    if not run.success:
        raise click.ClickException(f"{job_name} failed (run {run.run_id}): {run.error}")
    return run


def _materialize_and_report(first: date, last: date, views: bool = True) -> None:
    from dagster import DagsterInstance

    from aivo_assets.definitions import defs
    from aivo_assets.lib.dagster_home import ensure_dagster_home
    from aivo_assets.ops.materialize_range import materialize_range
    from aivo_assets.resources import build_warehouse

    ensure_dagster_home()
    with DagsterInstance.get() as instance:
        try:
            run = materialize_range(defs, instance, first, last, views=views, log_level="WARNING")
        except ValueError as problem:
            raise click.UsageError(str(problem)) from None
    click.echo(f"\nRun {run.tables_run_id} (partitions {first}..{last}), views {run.views_run_id}")
    if not run.success:
        raise click.ClickException("materialization failed; see the run in the Dagster UI")
    # The configured warehouse, its environment variables resolved as in a run.
    warehouse = build_warehouse(Settings.from_env()).process_config_and_initialize()
    counts = warehouse.table_counts(first, last)
    width = max(map(len, counts))
    for table, rows in counts.items():
        click.echo(f"  {table:<{width}}  {rows:>10,} rows")


def _print_activity_sample(settings: Settings) -> None:
    """The view's top rows, read through the configured warehouse (DuckDB or Snowflake)."""
    from aivo_assets.resources import build_warehouse

    warehouse = build_warehouse(settings).process_config_and_initialize()
    with warehouse.get_connection() as conn:
        sample = warehouse.fetch(
            conn,
            "select * from analytics.learner_activity_summary "
            "order by activity_date desc, daily_events desc limit 5",
            {},
        )
    cells = [sample.columns, *[[str(value) for value in row] for row in sample.rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(sample.columns))]
    click.echo("\nanalytics.learner_activity_summary (top 5):")
    for row in cells:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
