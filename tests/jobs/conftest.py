from __future__ import annotations

from pathlib import Path

import pytest

from catalog.config import Settings, load_settings
from tests.real_database import real_database, shared_database_url

__all__ = ["real_database", "shared_database_url"]


@pytest.fixture
def settings(shared_database_url: str, tmp_path: Path) -> Settings:
    return load_settings(
        {"database_url": shared_database_url, "data_dir": str(tmp_path / "instance")}
    )
