"""One process alone: nothing is shared, so its own marks and counts are the whole truth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cardapp.domain.rate_limits import RateLimit


class ConnectedPhones(Protocol):
    """What a cluster reads of a process's connection bookkeeping (realtime's Presence)."""

    def take_phone_changes(self) -> set[int]: ...

    def phone_sets(self) -> dict[int, set[int]]: ...

    def participants(self, workshop_id: int) -> set[int]: ...


@dataclass
class TickShare:
    """What this process sends on this tick, and whether only to its own screens."""

    marked: set[int]
    paused: set[int]
    local_only: bool = False
    recovered: bool = False


class LocalCluster:
    """One process: nothing is shared, so the local marks and counts are the whole truth."""

    shared = False

    def __init__(self) -> None:
        self.queue_errors = 0

    def share_tick(self, marked: set[int], paused: set[int], presence: ConnectedPhones) -> TickShare:
        return TickShare(marked, paused)

    def connected_phones(self, workshop_id: int, local: set[int]) -> int:
        return len(local)

    def connected_counts(self, local: dict[int, set[int]]) -> dict[int, int]:
        return {workshop_id: len(participants) for workshop_id, participants in local.items()}

    def remember_base_url(self, workshop_id: int, url: str) -> None:
        return None

    def base_url(self, workshop_id: int) -> str:
        return ""

    def reachable(self) -> bool | None:
        """None: there is no message queue to reach."""
        return None

    def wrong_code_limit(self, local: RateLimit) -> RateLimit:
        return local

    def shared_limit(self, name: str, doing: str, local: RateLimit) -> RateLimit:
        """The process's own limit: there is nobody to share it with."""
        return local

    def stop(self) -> None:
        return None
