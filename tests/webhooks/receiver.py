"""A real HTTP receiver on loopback that checks each delivery's signature on its own."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str
    signature_valid: bool

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    secret: str = ""
    # Answers to give, in order (status, headers, body); the last one repeats.
    answers: list[tuple[int, dict[str, str], str]] = field(
        default_factory=lambda: [(200, {}, "ok")]
    )
    received: list[Received] = field(default_factory=list)

    def answer(self) -> tuple[int, dict[str, str], str]:
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def _verify(secret: str, headers: dict[str, str], body: str) -> bool:
    timestamp = headers.get("X-Catalog-Timestamp", "")
    expected = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    given = headers.get("X-Catalog-Signature", "")
    return bool(secret) and hmac.compare_digest(given, "sha256=" + expected.hexdigest())


@contextmanager
def receiver() -> Iterator[Receiver]:
    """A server on 127.0.0.1 and a free port; ``secret`` is set by the test once known."""
    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode()
            headers = dict(self.headers.items())
            me = state["receiver"]
            me.received.append(
                Received(self.path, headers, body, _verify(me.secret, headers, body))
            )
            status, extra, text = me.answer()
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(text.encode())))
            self.end_headers()
            self.wfile.write(text.encode())

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["receiver"] = Receiver(url=f"http://127.0.0.1:{server.server_port}/hook")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state["receiver"]
    finally:
        server.shutdown()
        server.server_close()
