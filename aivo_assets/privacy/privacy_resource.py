"""Privacy settings as a Dagster resource; the pseudonym key arrives through ``EnvVar``."""

from __future__ import annotations

from dagster import ConfigurableResource, EnvVar

from aivo_assets.lib.pii_keys import DEFAULT_PII_KEYS
from aivo_assets.lib.settings import PSEUDONYM_KEY_ENV, Settings
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.privacy.pseudonyms import Pseudonymizer


class PrivacyResource(ConfigurableResource):
    """``pii_keys`` to strip from payloads; ``pseudonym_key`` (secret) switches pseudonyms on.

    Built with ``EnvVar``, the key is resolved in the run process only: the UI and the run
    config show the variable's name, never its value.
    """

    pii_keys: list[str] = list(DEFAULT_PII_KEYS)
    pseudonym_key: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> PrivacyResource:
        key = EnvVar(PSEUDONYM_KEY_ENV) if settings.pseudonymize else None
        return cls(pii_keys=list(settings.pii_keys), pseudonym_key=key)

    def policy(self) -> PrivacyPolicy:
        key = self.pseudonym_key
        if isinstance(key, EnvVar):
            # Outside a run (e.g. the CLI) the field still holds the variable, not its value.
            key = key.get_value()
        pseudonymizer = Pseudonymizer.from_secret(key) if key else None
        return PrivacyPolicy(frozenset(k.lower() for k in self.pii_keys), pseudonymizer)
