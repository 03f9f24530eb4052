"""Remove PII keys from JSON payloads at any depth and truncate IP addresses to their network.

This is the exact (Python) rule. The RAW load runs it only on the few distinct payload texts
that SQL cannot settle on its own (see ``ingestion/raw_privacy.py``), never on every row.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable

import pyarrow as pa

IP_KEY = "ip"
_IPV4_PREFIX, _IPV6_PREFIX = 24, 48


def suspect_pattern(pii_keys: Iterable[str]) -> str:
    """Regex (RE2 and Python) matching a text that may hold a PII key or hide one.

    A PII key followed by ``:`` (any case), or any ``\\u`` escape, which could spell a key
    (``"\\u0065mail"``) that a plain text search would miss.
    """
    keys = "|".join(re.escape(key) for key in sorted(set(pii_keys)))
    escaped_unicode = r"\\u"
    return rf'"(?i:{keys})"\s*:|{escaped_unicode}' if keys else escaped_unicode


IP_KEY_PATTERN = rf'"{IP_KEY}"\s*:'


def truncate_ip(value: object) -> str | None:
    """The /24 (IPv4) or /48 (IPv6) network address of ``value``; None if it is not an IP.

    An IPv4-mapped IPv6 address is treated as the IPv4 address it carries.
    """
    if not isinstance(value, str):
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    prefix = _IPV4_PREFIX if address.version == 4 else _IPV6_PREFIX
    host_bits = address.max_prefixlen - prefix
    network = (int(address) >> host_bits) << host_bits
    return str(
        ipaddress.ip_address(network) if address.version == 4 else ipaddress.IPv6Address(network)
    )


def scrub_value(value: object, pii_keys: frozenset[str]) -> object:
    """``value`` without PII keys (case-insensitive) at any depth, every ``ip`` truncated.

    An ``ip`` whose value is not an IP address is removed: it cannot be truncated.
    """
    if isinstance(value, dict):
        scrubbed = {}
        for key, item in value.items():
            if key.lower() in pii_keys:
                continue
            if key == IP_KEY:
                network = truncate_ip(item)
                if network is not None:
                    scrubbed[key] = network
                continue
            scrubbed[key] = scrub_value(item, pii_keys)
        return scrubbed
    if isinstance(value, list):
        return [scrub_value(item, pii_keys) for item in value]
    return value


def scrub_payload(text: str | None, pii_keys: frozenset[str]) -> str | None:
    """The payload text with the PII rule applied; None when it cannot be made safe.

    Text Python cannot parse as JSON is kept only if nothing in it looks like a PII key or an
    ``ip``; otherwise it is dropped whole (rejected rows keep their reason, not the payload).
    """
    if text is None:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        risky = re.compile(f"{suspect_pattern(pii_keys)}|{IP_KEY_PATTERN}")
        return None if risky.search(text) else text
    return json.dumps(scrub_value(parsed, pii_keys), ensure_ascii=False)


def scrub_payloads(texts: pa.Array, pii_keys: frozenset[str]) -> pa.Array:
    """``scrub_payload`` over an Arrow string array (distinct payloads, never every event)."""
    return pa.array([scrub_payload(text, pii_keys) for text in texts.to_pylist()], pa.string())
