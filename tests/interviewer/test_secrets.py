"""SecretStore: the keyring when there is one, this session's memory when there is not."""

from __future__ import annotations

import logging

import keyring
import pytest
from keyring.backends import fail

from interviewer.secrets import SERVICE, SecretStore


def test_set_get_delete_go_through_the_keyring(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    store = SecretStore()
    assert store.available is True
    assert store.backend_name == "conftest.MemoryKeyring"
    assert store.get("smtp:alice") is None

    assert store.set("smtp:alice", "s3cret") is True
    assert memory_keyring.secrets == {(SERVICE, "smtp:alice"): "s3cret"}
    assert store.get("smtp:alice") == "s3cret"

    store.delete("smtp:alice")
    assert memory_keyring.secrets == {}
    assert store.get("smtp:alice") is None
    store.delete("smtp:alice")  # deleting what is not there is not an error


def test_a_new_store_reads_what_an_earlier_one_saved() -> None:
    SecretStore().set("db:bob@host:5432/wl", "pw-1")
    assert SecretStore().get("db:bob@host:5432/wl") == "pw-1"
    assert SecretStore(service="another-app").get("db:bob@host:5432/wl") is None


def test_secret_kept_in_the_keyring_is_overwritten() -> None:
    store = SecretStore()
    store.set("k", "one")
    store.set("k", "two")
    assert SecretStore().get("k") == "two"


@pytest.fixture
def failing_keyring():  # type: ignore[no-untyped-def]
    """The backend a headless machine gets: every call raises NoKeyringError."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_nothing_raises_and_the_session_keeps_the_secret(
    failing_keyring, caplog: pytest.LogCaptureFixture  # type: ignore[no-untyped-def]
) -> None:
    store = SecretStore()
    assert store.available is False
    assert "No system keyring" in store.unavailable_message()
    assert store.get("db:x") is None

    with caplog.at_level(logging.WARNING, logger="interviewer.secrets"):
        assert store.set("db:x", "only-this-session") is False
    assert store.get("db:x") == "only-this-session"
    assert "only-this-session" not in caplog.text  # the warning names the key, never the secret
    assert "db:x" in caplog.text

    # another store (a new session) cannot know it
    assert SecretStore().get("db:x") is None

    store.delete("db:x")
    assert store.get("db:x") is None


def test_session_value_wins_over_an_older_keyring_value(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    memory_keyring.secrets[(SERVICE, "k")] = "old"
    store = SecretStore()
    store.set("k", "new")
    assert store.get("k") == "new"
    assert memory_keyring.secrets[(SERVICE, "k")] == "new"


def test_the_test_session_never_reaches_the_real_keyring(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    # the autouse fixture is what every test sees, so no test can write to the user's keyring
    assert keyring.get_keyring() is memory_keyring
