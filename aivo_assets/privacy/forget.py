"""Forget one learner everywhere: landing first, then every table and the audit, atomically.

The landing is rewritten first, while this process holds the warehouse (so no load runs in
between): if the run dies after it, the tables still hold the learner and a re-run finishes
the job. Run twice, the second run finds nothing and changes nothing but the audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from aivo_assets.lib.landing import Landing
from aivo_assets.privacy.forget_landing import (
    LandingRewrite,
    LearnerMatcher,
    files_to_scan,
    rewrite_without_learner,
    sessions_in_landing,
)
from aivo_assets.privacy.forget_warehouse import (
    AuditRecord,
    delete_learner,
    learner_days,
    learner_sessions,
    learner_tables,
    loaded_at_by_day,
    write_audit,
)


@dataclass(frozen=True)
class ForgetRequest:
    """``learner_ref``: the id as stored (the pseudonym when pseudonymization is on)."""

    learner_ref: str
    learner_ref_kind: str
    requested_by: str
    to_ref: Callable[[str], str] | None = None


@dataclass(frozen=True)
class ForgetReport:
    audit: AuditRecord
    landing: LandingRewrite

    @property
    def rows_removed(self) -> int:
        return sum(self.audit.rows_removed.values())


def forget_learner(
    conn: duckdb.DuckDBPyConnection,
    landing: Landing,
    request: ForgetRequest,
    dagster_run_id: str | None = None,
) -> ForgetReport:
    tables = learner_tables(conn)
    sessions = learner_sessions(conn, request.learner_ref, tables)
    days = learner_days(conn, request.learner_ref, sessions)
    candidates = files_to_scan(landing.list_files(), days, loaded_at_by_day(conn))
    matcher = LearnerMatcher(request.learner_ref, request.to_ref)
    sessions |= sessions_in_landing(landing, candidates, matcher)
    rewrite = rewrite_without_learner(landing, candidates, matcher, sessions)
    conn.execute("begin transaction")
    try:
        removed = delete_learner(conn, request.learner_ref, sessions, tables)
        audit = AuditRecord(
            forget_id=str(uuid.uuid4()),
            requested_at=datetime.now(UTC).replace(tzinfo=None),
            requested_by=request.requested_by,
            learner_ref=request.learner_ref,
            learner_ref_kind=request.learner_ref_kind,
            rows_removed=removed,
            landing_files_scanned=rewrite.files_scanned,
            landing_files_rewritten=rewrite.files_rewritten,
            landing_files_deleted=rewrite.files_deleted,
            landing_rows_removed=rewrite.rows_removed,
            dagster_run_id=dagster_run_id,
        )
        write_audit(conn, audit)
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return ForgetReport(audit, rewrite)
