"""Alert delivery over real HTTP on loopback: the webhook, Slack's Web API, a dead endpoint."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from aivo_assets.observability.alert import run_failure_alert
from aivo_assets.observability.alert_router import AlertRouter
from aivo_assets_tests.helpers.webhook_receiver import webhook_receiver

ALERT = run_failure_alert("run-7", "daily_tables_job", {}, "raw__raw_events: boom", "http://ui")


class Recorded(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


LoggedTo = tuple[logging.Logger, Recorded]


def _deliver(router: AlertRouter, log: logging.Logger) -> tuple[str, ...]:
    """What an alert sensor does with a new alert: log it, send it everywhere."""
    router.log_alert(ALERT, log)
    return router.send(ALERT, router.channel_names(), log)


@pytest.fixture
def log() -> Iterator[LoggedTo]:
    logger, handler = logging.getLogger("alerts-test"), Recorded()
    logger.addHandler(handler)
    yield logger, handler
    logger.removeHandler(handler)


def test_slack_gets_the_alert_text_in_the_configured_channel(log: LoggedTo) -> None:
    with webhook_receiver(reply={"ok": True}) as slack:
        router = AlertRouter(
            slack_token="xoxb-test",
            slack_channel="#data-alerts",
            slack_api_url=slack.url.removesuffix("alerts") + "api/",
        )
        assert _deliver(router, log[0]) == ()
    [(path, headers)] = slack.requests
    assert path == "/api/chat.postMessage"
    assert headers["Authorization"] == "Bearer xoxb-test"
    assert slack.received == [{"channel": "#data-alerts", "text": ALERT.text}]


def test_webhook_gets_the_payload_with_an_idempotency_key(log: LoggedTo) -> None:
    with webhook_receiver() as hook:
        assert _deliver(AlertRouter(webhook_url=hook.url), log[0]) == ()
    assert hook.received == [ALERT.payload()]
    assert hook.requests[0][1]["Idempotency-Key"] == "run-failure:run-7"


def test_an_unreachable_webhook_is_reported_as_refused_after_its_attempts(
    log: LoggedTo,
) -> None:
    with webhook_receiver() as stopped:
        dead = stopped.url
    router = AlertRouter(webhook_url=dead, attempts=2, backoff_seconds=0)
    assert _deliver(router, log[0]) == ("webhook",)
    logged, failure = log[1].messages
    assert logged == f"[alert run-failure:run-7] {ALERT.text}"
    assert failure.startswith("[alert run-failure:run-7] delivery to webhook failed")


def test_without_remote_channels_the_alert_goes_to_the_log_only(log: LoggedTo) -> None:
    router = AlertRouter(slack_channel="#data-alerts")  # no token: no Slack
    assert router.channel_names() == ()
    assert _deliver(router, log[0]) == ()
    assert log[1].messages == [f"[alert run-failure:run-7] {ALERT.text}"]
