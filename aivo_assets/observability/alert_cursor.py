"""An alert sensor's cursor: how far it has read, and what a channel still owes.

``after`` is the storage id of the last event read. ``owed`` maps an event's storage id to the
channels that have not yet accepted its alert (others have, so they never get it twice).
Serialized as JSON; a bare number (the check sensor's earlier form) reads as ``after`` alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

# Alerts a channel may owe at once; beyond that the oldest are dropped (and logged).
MAX_OWED = 500


@dataclass
class AlertCursor:
    after: int
    owed: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> AlertCursor:
        state = json.loads(text)
        if isinstance(state, int):
            return cls(state)
        owed = {int(storage_id): tuple(channels) for storage_id, channels in state["owed"].items()}
        return cls(state["after"], owed)

    def serialize(self) -> str:
        owed = {str(storage_id): list(owed) for storage_id, owed in sorted(self.owed.items())}
        return json.dumps({"after": self.after, "owed": owed}, separators=(",", ":"))

    def owe(self, storage_id: int, channels: tuple[str, ...]) -> None:
        if channels:
            self.owed[storage_id] = channels
        else:
            self.owed.pop(storage_id, None)

    def drop_oldest(self, limit: int = MAX_OWED) -> list[int]:
        """Forget the oldest owed alerts beyond ``limit``; returns their storage ids."""
        dropped = sorted(self.owed)[: max(0, len(self.owed) - limit)]
        for storage_id in dropped:
            del self.owed[storage_id]
        return dropped
