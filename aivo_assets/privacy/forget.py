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
from typing import Any

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
    ensure_audit_table,
    learner_days,
    learner_sessions,
    learner_tables,
    loaded_at_by_day,
    store_sessions,
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
    cursor: Any,
    landing: Landing,
    request: ForgetRequest,
    dagster_run_id: str | None = None,
) -> ForgetReport:
    """``cursor``: a DB-API cursor of either warehouse, held for the whole forget."""
    ensure_audit_table(cursor)
    tables = learner_tables(cursor)
    sessions = learner_sessions(cursor, request.learner_ref, tables)
    store_sessions(cursor, sessions)
    days = learner_days(cursor, request.learner_ref)
    candidates = files_to_scan(landing.list_files(), days, loaded_at_by_day(cursor))
    matcher = LearnerMatcher(request.learner_ref, request.to_ref)
    sessions |= sessions_in_landing(landing, candidates, matcher)
    rewrite = rewrite_without_learner(landing, candidates, matcher, sessions)
    store_sessions(cursor, sessions)
    cursor.execute("begin transaction")
    try:
        removed = delete_learner(cursor, request.learner_ref, tables)
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
        write_audit(cursor, audit)
        cursor.execute("commit")
    except Exception:
        cursor.execute("rollback")
        raise
    return ForgetReport(audit, rewrite)
