"""The one place that talks to the system keyring.

Secrets (database and SMTP passwords) never go to the database, the settings
file, logs or exports. Where the system has no keyring the store says so, and
callers ask for the secret each session instead (kept in memory only).
"""

from __future__ import annotations

import logging

SERVICE = "winloss-studio"
log = logging.getLogger(__name__)


class SecretStore:
    """Reads and writes secrets in the system keyring, with an in-memory fallback for this session."""

    def __init__(self, service: str = SERVICE) -> None:
        self._service = service
        self._session: dict[str, str] = {}

    @property
    def backend_name(self) -> str:
        import keyring

        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    @property
    def available(self) -> bool:
        """Whether a real keyring can keep secrets between sessions."""
        import keyring
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)

    def unavailable_message(self) -> str:
        return (
            "No system keyring is available, so passwords cannot be remembered: "
            "you will be asked for them once per session."
        )

    def get(self, key: str) -> str | None:
        if key in self._session:
            return self._session[key]
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(self._service, key)
        except KeyringError as exc:
            log.warning("keyring lookup failed for %s: %s", key, exc)
            return None

    def set(self, key: str, secret: str) -> bool:
        """Keep ``secret``; return True if the keyring stored it, False if only this session holds it."""
        self._session[key] = secret
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(self._service, key, secret)
        except KeyringError as exc:
            log.warning("keyring refused to store %s: %s", key, exc)
            return False
        return True

    def delete(self, key: str) -> None:
        self._session.pop(key, None)
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(self._service, key)
        except (PasswordDeleteError, KeyringError):
            pass

