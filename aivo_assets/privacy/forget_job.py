"""``forget_learner_job``: the right to be forgotten as a Dagster job (``aivo forget`` runs it).

With pseudonymization on, the job takes the learner's *pseudonym*, never the raw id: run config
is stored in Dagster's run history, and the raw id must not be. ``aivo forget --learner ID``
computes the pseudonym locally and passes only that.
"""

import getpass
import os
from contextlib import closing

from dagster import Config, Failure, OpExecutionContext, job, op

from aivo_assets.ingestion.landing_resource import LandingResource
from aivo_assets.partitions import WAREHOUSE_POOL
from aivo_assets.privacy.forget import ForgetReport, ForgetRequest, forget_learner
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.privacy.privacy_resource import PrivacyResource
from aivo_assets.warehouse.warehouse import Warehouse

FORGET_OP = "forget_learner"


class ForgetConfig(Config):
    """Exactly one of ``learner_id`` (pseudonymization off) or ``pseudonym`` (on)."""

    learner_id: str | None = None
    pseudonym: str | None = None
    requested_by: str | None = None


def forget_request(config: ForgetConfig, policy: PrivacyPolicy) -> ForgetRequest:
    """Validate the config against the policy; say how the learner is stored."""
    who = config.requested_by or os.environ.get("USER") or getpass.getuser()
    pseudonymizer = policy.pseudonymizer
    if bool(config.learner_id) == bool(config.pseudonym):
        raise Failure("give exactly one of learner_id or pseudonym")
    if pseudonymizer is None:
        if config.pseudonym:
            raise Failure("pseudonymization is off (AIVO_PSEUDONYM_KEY unset): give learner_id")
        return ForgetRequest(config.learner_id.strip(), "learner_id", who)
    if config.learner_id:
        raise Failure(
            "pseudonymization is on: pass the pseudonym, not the raw id, which would be kept "
            "in the run history (`aivo forget --learner ID` computes it for you)"
        )
    return ForgetRequest(config.pseudonym.strip(), "pseudonym", who, to_ref=pseudonymizer)


@op(name=FORGET_OP, pool=WAREHOUSE_POOL)
def forget_learner_op(
    context: OpExecutionContext,
    config: ForgetConfig,
    warehouse: Warehouse,
    landing: LandingResource,
    privacy: PrivacyResource,
) -> ForgetReport:
    request = forget_request(config, privacy.policy())
    with warehouse.get_connection() as conn, closing(conn.cursor()) as cursor:
        report = forget_learner(cursor, landing.open(), request, context.run_id)
    audit = report.audit
    context.log.info(
        f"forgot {audit.learner_ref_kind} {audit.learner_ref}: {report.rows_removed} rows "
        f"({audit.rows_removed}), landing: {audit.landing_files_rewritten} files rewritten, "
        f"{audit.landing_files_deleted} deleted, {audit.landing_rows_removed} rows removed"
    )
    context.add_output_metadata(
        {
            "forget_id": audit.forget_id,
            "rows_removed": report.rows_removed,
            "landing_rows_removed": audit.landing_rows_removed,
            "landing_files_rewritten": audit.landing_files_rewritten,
            "landing_files_deleted": audit.landing_files_deleted,
            # Rebuild these days: their loads' recorded counts include the removed replays.
            "landing_days_changed": ", ".join(map(str, report.landing.days_changed)),
        }
    )
    return report


@job(
    name="forget_learner_job",
    description=(
        "Right to be forgotten: remove one learner from every table and from the landing "
        "files (so no re-materialization brings them back), and record it in ops.forget_audit."
    ),
)
def forget_learner_job() -> None:
    forget_learner_op()
