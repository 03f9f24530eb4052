"""Where alerts go: always the log; Slack and an HTTP webhook when configured.

Slack goes through ``dagster-slack`` (``AIVO_SLACK_TOKEN`` + ``AIVO_SLACK_CHANNEL``), the
webhook is a JSON POST (``AIVO_ALERT_WEBHOOK_URL``). Each remote delivery is retried a few
times; ``send`` returns the channels that still refused, so the caller can owe them the alert
(and only them).
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Iterable
from logging import Logger

from dagster import ConfigurableResource
from dagster_slack import SlackResource
from slack_sdk.errors import SlackApiError

from aivo_assets.observability.alert import Alert

TIMEOUT_SECONDS = 10.0


class AlertRouter(ConfigurableResource):
    ui_base_url: str = "http://127.0.0.1:3000"
    webhook_url: str | None = None
    slack_token: str | None = None
    slack_channel: str | None = None
    # Slack Web API base; None is Slack itself (tests point it at a loopback server).
    slack_api_url: str | None = None
    attempts: int = 3
    backoff_seconds: float = 1.0

    def log_alert(self, alert: Alert, log: Logger) -> None:
        """Always: the sensor's tick log in the UI, and the daemon's output."""
        write = log.warning if alert.severity == "WARN" else log.error
        write(f"[alert {alert.alert_id}] {alert.text}")

    def channel_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self._remote_channels())

    def send(self, alert: Alert, channels: Iterable[str], log: Logger) -> tuple[str, ...]:
        """Send to those of ``channels`` still configured; returns the ones that refused."""
        wanted = set(channels)
        failed = []
        for name, send in self._remote_channels():
            if name not in wanted:
                continue
            try:
                _with_retries(lambda send=send: send(alert), self.attempts, self.backoff_seconds)
            except (OSError, SlackApiError) as error:
                log.error(f"[alert {alert.alert_id}] delivery to {name} failed: {error}")
                failed.append(name)
        return tuple(failed)

    def _remote_channels(self) -> list[tuple[str, Callable[[Alert], None]]]:
        channels: list[tuple[str, Callable[[Alert], None]]] = []
        if self.slack_token and self.slack_channel:
            channels.append(("slack", self._post_to_slack))
        if self.webhook_url:
            channels.append(("webhook", self._post_to_webhook))
        return channels

    def _post_to_slack(self, alert: Alert) -> None:
        client = SlackResource(token=self.slack_token).get_client()
        if self.slack_api_url:
            client.base_url = self.slack_api_url
        client.chat_postMessage(channel=self.slack_channel, text=alert.text)

    def _post_to_webhook(self, alert: Alert) -> None:
        request = urllib.request.Request(
            self.webhook_url,
            data=json.dumps(alert.payload()).encode(),
            headers={"Content-Type": "application/json", "Idempotency-Key": alert.alert_id},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            response.read()


def _with_retries(send: Callable[[], None], attempts: int, backoff_seconds: float) -> None:
    for attempt in range(1, attempts + 1):
        try:
            send()
            return
        except (OSError, SlackApiError):
            if attempt == attempts:
                raise
            time.sleep(backoff_seconds * attempt)
