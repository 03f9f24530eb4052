"""Observability: alerts on failed checks and runs, and the analytics.etl_job_status table."""
