"""The HTTP request of one delivery attempt, sent to the address the guard checked.

urllib3 (which requests is built on) is used directly because it can connect to one
IP address while presenting the URL's host name for TLS (SNI and certificate checks)
and in the Host header: the connection is pinned to the checked address.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

import urllib3

from catalog.webhooks.guard import Target

TIMEOUT_SECONDS = 10
BODY_CHARS = 500


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    location: str = ""


def signature(secret: str, timestamp: str, body: str) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``<timestamp>.<body>`` under the secret."""
    mac = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def post(target: Target, body: str, headers: dict[str, str]) -> Answer:
    """POST ``body``; redirects are answers, never followed (their target is unchecked)."""
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
        )
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body.encode(),
            headers={**headers, "Host": target.host_header},
            redirect=False,
            retries=False,
            timeout=urllib3.Timeout(total=TIMEOUT_SECONDS),
            preload_content=False,
        )
        try:
            # Enough for the record, and a huge answer is never read whole.
            text = response.read(BODY_CHARS * 4).decode("utf-8", "replace")[:BODY_CHARS]
        finally:
            response.release_conn()
        return Answer(response.status, text, response.headers.get("Location", ""))
    finally:
        pool.close()
