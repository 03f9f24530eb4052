"""Keyed, stable pseudonyms for learner ids: ``lrn_`` + HMAC-SHA256(key, id), 32 hex digits.

128 bits of the HMAC: among n learners the chance that any two collide is about
n² / 2¹²⁹, i.e. below 10⁻²⁰ for a billion learners. Without the key the mapping cannot be
inverted or recomputed (HMAC is a PRF), so the pseudonyms alone do not identify anyone.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field

PSEUDONYM_PREFIX = "lrn_"
PSEUDONYM_HEX_DIGITS = 32


@dataclass(frozen=True)
class Pseudonymizer:
    """Holds the key; its repr never shows it, so logging the object cannot leak it."""

    key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("the pseudonym key is empty")

    @classmethod
    def from_secret(cls, secret: str) -> Pseudonymizer:
        return cls(secret.encode("utf-8"))

    def __call__(self, learner_id: str) -> str:
        digest = hmac.new(self.key, learner_id.encode("utf-8"), hashlib.sha256).hexdigest()
        return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX_DIGITS]

    def many(self, learner_ids: Iterable[str]) -> list[str]:
        return [self(learner_id) for learner_id in learner_ids]
