from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.webhooks.receiver import Receiver, receiver


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    # The test receivers listen on loopback, which only an allowlist lets webhooks reach.
    return {**app_config, "webhook_allowlist": "127.0.0.1"}


@pytest.fixture
def hook_receiver() -> Iterator[Receiver]:
    with receiver() as server:
        yield server
