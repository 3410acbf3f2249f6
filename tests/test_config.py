"""Settings: environment variables, generated secrets, production refusals."""

from __future__ import annotations

import stat

import pytest

from catalog.config import ConfigurationError, load_settings

STRONG = "f3b1c9a7e2d84c6b9a0e1f2d3c4b5a69f3b1c9a7e2d8"


def test_embedded_mode_generates_and_keeps_a_secret_key(tmp_path):
    first = load_settings({"data_dir": tmp_path})
    key_file = tmp_path / "secret_key"
    assert len(first.secret_key) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_settings({"data_dir": tmp_path}).secret_key == first.secret_key


def test_embedded_default_database_lives_in_the_data_dir(tmp_path):
    settings = load_settings({"data_dir": tmp_path})
    assert settings.database_url == f"sqlite:///{tmp_path / 'catalog.db'}"


def test_environment_variables_are_read(monkeypatch, tmp_path):
    monkeypatch.setenv("CATALOG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CATALOG_SESSION_IDLE_MINUTES", "5")
    settings = load_settings()
    assert settings.data_dir == tmp_path
    assert settings.session_idle_minutes == 5


def test_overrides_win_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CATALOG_LOG_LEVEL", "DEBUG")
    assert load_settings({"data_dir": tmp_path, "CATALOG_LOG_LEVEL": "ERROR"}).log_level == "ERROR"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "required"),
        ("short-key", "too short"),
        ("a" * 40, "well-known or trivial"),
        ("changeme" * 5, "well-known or trivial"),
    ],
)
def test_production_refuses_weak_secret_keys(tmp_path, key, message):
    with pytest.raises(ConfigurationError, match=message):
        load_settings({"mode": "production", "data_dir": tmp_path, "secret_key": key})


def test_production_never_generates_a_key(tmp_path):
    with pytest.raises(ConfigurationError):
        load_settings({"mode": "production", "data_dir": tmp_path})
    assert not (tmp_path / "secret_key").exists()


def test_production_accepts_a_strong_key(tmp_path):
    settings = load_settings({"mode": "production", "data_dir": tmp_path, "secret_key": STRONG})
    assert settings.is_production
    assert settings.secret_key == STRONG


def test_bad_values_are_explained(tmp_path):
    with pytest.raises(ConfigurationError, match="CATALOG_MAX_REQUEST_BYTES must be a whole"):
        load_settings({"data_dir": tmp_path, "max_request_bytes": "lots"})
    with pytest.raises(ConfigurationError, match="unknown setting"):
        load_settings({"data_dir": tmp_path, "colour": "blue"})
    with pytest.raises(ConfigurationError, match="CATALOG_MODE"):
        load_settings({"data_dir": tmp_path, "mode": "cloud"})
