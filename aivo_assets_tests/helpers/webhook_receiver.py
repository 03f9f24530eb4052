"""A real HTTP server on loopback that records the JSON bodies POSTed to it.

``reply``: a JSON body to answer with (e.g. Slack's ``{"ok": true}``); by default 204.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class WebhookReceiver:
    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # path, headers

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [alert for alert in self.received if alert["kind"] == kind]


@contextmanager
def webhook_receiver(reply: dict[str, Any] | None = None) -> Iterator[WebhookReceiver]:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                receiver.received.append(body)
                receiver.requests.append((self.path, dict(self.headers)))
            if reply is None:
                self.send_response(204)
                self.end_headers()
                return
            payload = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test asserts on what was received."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver = WebhookReceiver(f"http://127.0.0.1:{server.server_address[1]}/alerts")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
