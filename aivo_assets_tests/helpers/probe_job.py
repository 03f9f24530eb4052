"""A one-op job that does nothing: a run to record, cancel or report on."""

from dagster import job, op


@op
def _noop() -> None:
    pass


@job
def probe_job() -> None:
    _noop()
