"""The application context handed explicitly to services and windows: no module-level globals."""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.clock import Clock, SystemClock
from interviewer.db import Database
from interviewer.secrets import SecretStore


@dataclass
class AppContext:
    """What every service needs: the open database, the secret store, a clock and who is acting."""

    database: Database
    secrets: SecretStore = field(default_factory=SecretStore)
    clock: Clock = field(default_factory=SystemClock)
    actor: str = "local user"
