"""The payload keys treated as PII (``AIVO_PII_KEYS``), parsed in one place."""

from __future__ import annotations

DEFAULT_PII_KEYS = ("email", "phone", "name", "first_name", "last_name", "address")


def parse_pii_keys(text: str | None) -> tuple[str, ...]:
    """Comma-separated keys, lower-cased and deduplicated; None means the defaults.

    Keys match case-insensitively, so ``Email`` and ``EMAIL`` are removed with ``email``. An
    empty string switches key removal off (IP truncation still applies).
    """
    if text is None:
        return DEFAULT_PII_KEYS
    keys = (part.strip().lower() for part in text.split(","))
    return tuple(dict.fromkeys(key for key in keys if key))
