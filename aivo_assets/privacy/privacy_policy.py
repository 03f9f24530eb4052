"""What the RAW load does to protect learners: PII keys to drop, and the pseudonymizer if any."""

from __future__ import annotations

from dataclasses import dataclass

from aivo_assets.lib.pii_keys import DEFAULT_PII_KEYS
from aivo_assets.privacy.pseudonyms import Pseudonymizer


@dataclass(frozen=True)
class PrivacyPolicy:
    pii_keys: frozenset[str] = frozenset(DEFAULT_PII_KEYS)
    pseudonymizer: Pseudonymizer | None = None

    def learner_ref(self, learner_id: str) -> str:
        """How ``learner_id`` is stored in the warehouse: its pseudonym, or itself."""
        return learner_id if self.pseudonymizer is None else self.pseudonymizer(learner_id)


@dataclass(frozen=True)
class PrivacyCounts:
    """What a load's privacy step did: distinct payload texts rewritten in SQL or in Python,
    dropped whole, and distinct learners pseudonymized."""

    payloads_ipv4_sql: int
    payloads_python: int
    payloads_dropped: int
    learners_pseudonymized: int
