"""Automation is on by default only in production (``AIVO_ENV=production``), like the landing
sensor: a laptop running ``make dev`` never refreshes or deletes anything by itself."""

import os

from dagster import DefaultScheduleStatus, DefaultSensorStatus


def _production() -> bool:
    return os.environ.get("AIVO_ENV", "").lower() == "production"


def default_schedule_status() -> DefaultScheduleStatus:
    return DefaultScheduleStatus.RUNNING if _production() else DefaultScheduleStatus.STOPPED


def default_sensor_status() -> DefaultSensorStatus:
    return DefaultSensorStatus.RUNNING if _production() else DefaultSensorStatus.STOPPED
