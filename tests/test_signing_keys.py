"""Signing keys (created once, rotated, retired) and encryption at rest."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import replace

import pytest
import sqlalchemy as sa

from catalog import create_app, crypto, migrate
from catalog.auth import keys
from catalog.auth.models import SigningKey
from catalog.config import ConfigurationError, Settings
from catalog.db import Database
from catalog.errors import Conflict
from tests.token_helpers import access_token, assert_invalid_token, bearer, new_api_client, segments

SECRET = "0123456789abcdef" * 4


def settings(**kwargs) -> Settings:
    return Settings(secret_key=kwargs.pop("secret_key", SECRET), **kwargs)


# --- encryption at rest -------------------------------------------------------------------


def test_encryption_round_trip_is_randomized_and_bound_to_its_context():
    s = settings()
    one = crypto.encrypt(s, "top secret", context="connector:7")
    two = crypto.encrypt(s, "top secret", context="connector:7")
    assert one != two and "top secret" not in one
    assert crypto.decrypt(s, one, context="connector:7") == "top secret"
    with pytest.raises(crypto.DecryptionError, match="another context"):
        crypto.decrypt(s, one, context="connector:8")


def test_tampered_or_foreign_values_do_not_decrypt():
    s = settings()
    value = crypto.encrypt(s, "payload")
    version, key_id, body = value.split(".")
    flipped = body[:-3] + ("A" if body[-3] != "A" else "B") + body[-2:]
    for bad in (
        f"{version}.{key_id}.{flipped}",
        f"{version}.{key_id}.",
        "plain text",
        "v1..x",
        f"{version}.{key_id}.%%%%",
        f"{version}.{key_id}.QUJD",
        "",
    ):
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(s, bad)


def test_keys_rotate_first_encrypts_all_decrypt():
    old_key, new_key = "a" * 40, "b" * 40
    before = settings(encryption_keys=old_key)
    value = crypto.encrypt(before, "credential")
    during = settings(encryption_keys=f"{new_key}, {old_key}")
    assert crypto.decrypt(during, value) == "credential"
    again = crypto.reencrypt(during, value)
    assert again.split(".")[1] != value.split(".")[1]
    after = settings(encryption_keys=new_key)
    assert crypto.decrypt(after, again) == "credential"
    with pytest.raises(crypto.DecryptionError, match=value.split(".")[1]) as caught:
        crypto.decrypt(after, value)
    assert "ENCRYPTION_KEYS" in str(caught.value)


def test_without_encryption_keys_the_secret_key_is_used():
    value = crypto.encrypt(settings(), "x")
    assert crypto.decrypt(settings(encryption_keys=SECRET), value) == "x"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(settings(secret_key="another secret key, just as long!!"), value)


def test_short_encryption_keys_stop_the_catalog_at_startup(app_config, database):
    with pytest.raises(ConfigurationError, match="ENCRYPTION_KEYS: key #2 is too short"):
        create_app({**app_config, "encryption_keys": "k" * 40 + ",short"}, database=database)


# --- signing keys ---------------------------------------------------------------------------


def test_the_first_key_is_made_on_first_need_and_stored_encrypted(app, database, session):
    assert session.scalar(sa.select(sa.func.count()).select_from(SigningKey)) == 0
    first = keys.current_signing_key(database, app.config["CATALOG"])
    again = keys.current_signing_key(database, app.config["CATALOG"])
    assert first.kid == again.kid == "catalog-1"
    row = session.scalar(sa.select(SigningKey))
    assert row.algorithm == "ES256"
    assert row.private_jwk_encrypted.startswith("v1.")
    assert first.private_key.as_dict(private=True)["d"] not in row.private_jwk_encrypted
    assert '"d"' not in row.public_jwk


def test_rotation_keeps_old_tokens_valid_until_the_key_is_retired(
    app, database, admin_client, client, session
):
    client_id, secret = new_api_client(admin_client)
    old = access_token(client, client_id, secret)
    settings_ = app.config["CATALOG"]
    new_kid = keys.rotate_signing_key(database, settings_)
    new = access_token(client, client_id, secret)
    assert segments(new)[0]["kid"] == new_kid != segments(old)[0]["kid"]
    jwks = client.get("/api/v1/auth/jwks").json
    assert [k["kid"] for k in jwks["keys"]] == [new_kid, "catalog-1"]
    assert client.get("/api/v1/datasets", headers=bearer(old)).status_code == 200
    with pytest.raises(Conflict):
        keys.retire_signing_key(session, new_kid)
    keys.retire_signing_key(session, "catalog-1")
    session.commit()
    assert_invalid_token(client.get("/api/v1/datasets", headers=bearer(old)))
    assert client.get("/api/v1/datasets", headers=bearer(new)).status_code == 200
    assert [k["kid"] for k in client.get("/api/v1/auth/jwks").json["keys"]] == [new_kid]


def test_keys_encrypted_under_a_lost_key_fail_clearly(app_config, database, app):
    keys.current_signing_key(database, app.config["CATALOG"])
    other = replace(app.config["CATALOG"], encryption_keys="z" * 40)
    with pytest.raises(crypto.DecryptionError, match="not among the configured keys"):
        keys.current_signing_key(database, other)


def _race(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_first_use_and_rotation_make_one_key_each(fresh_database_url):
    migrate.upgrade(fresh_database_url)
    database = Database(fresh_database_url)
    s = settings()
    try:
        first = _race(6, lambda: keys.current_signing_key(database, s).kid)
        assert set(first) == {"catalog-1"}
        # Rotations that overlap make one key; one that starts after another ended makes its
        # own. Either way generations never collide and the newest key is the current one.
        rotated = _race(6, lambda: keys.rotate_signing_key(database, s))
        with database.transaction() as session:
            kids = session.scalars(sa.select(SigningKey.kid).order_by(SigningKey.id)).all()
        assert kids == [f"catalog-{n}" for n in range(1, len(kids) + 1)]
        assert 2 <= len(kids) <= 1 + len(rotated)
        assert set(rotated) <= set(kids[1:])
        assert keys.current_signing_key(database, s).kid == kids[-1]
    finally:
        database.dispose()


def test_a_key_retired_by_another_process_stops_verifying_within_the_cache_delay(
    app, admin_client, client, session
):
    client_id, secret = new_api_client(admin_client)
    old = access_token(client, client_id, secret)
    keys.rotate_signing_key(app.extensions["catalog.db"], app.config["CATALOG"])
    assert client.get("/api/v1/datasets", headers=bearer(old)).status_code == 200  # now cached
    # Another process retires the key: this one's cache does not hear of it...
    session.execute(
        sa.update(SigningKey).where(SigningKey.kid == "catalog-1").values(retired_at=sa.func.now())
    )
    session.commit()
    assert client.get("/api/v1/datasets", headers=bearer(old)).status_code == 200
    # ...until the entry is older than VERIFIER_CACHE_SECONDS.
    app.extensions["catalog.verification_keys"].seconds = 0
    assert_invalid_token(client.get("/api/v1/datasets", headers=bearer(old)))


def test_the_command_line_rotates_retires_and_deletes(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env["CATALOG_DATA_DIR"] = str(tmp_path / "instance")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from catalog.cli import main; main()", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    assert run("db", "upgrade").returncode == 0
    assert "catalog-1" in run("signing-keys", "rotate").stdout
    assert "catalog-2" in run("signing-keys", "rotate").stdout
    listed = run("signing-keys", "list").stdout.splitlines()
    assert [line.split("\t")[0] for line in listed] == ["catalog-2", "catalog-1"]
    assert listed[0].endswith("current") and listed[1].endswith("verifies")
    refused = run("signing-keys", "retire", "catalog-2")
    assert refused.returncode == 1 and "rotate before retiring" in refused.stderr
    assert run("signing-keys", "retire", "catalog-1").returncode == 0
    assert "retired" in run("signing-keys", "list").stdout.splitlines()[1]
    assert "catalog-1" in run("signing-keys", "delete-retired").stdout
    assert len(run("signing-keys", "list").stdout.splitlines()) == 1
