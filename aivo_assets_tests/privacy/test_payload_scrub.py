"""The exact PII rule: keys removed at any depth, IPs truncated to their network."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from aivo_assets.lib.pii_keys import DEFAULT_PII_KEYS, parse_pii_keys
from aivo_assets.privacy.payload_scrub import scrub_payload, scrub_payloads, truncate_ip

KEYS = frozenset(DEFAULT_PII_KEYS)


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("192.168.1.17", "192.168.1.0"),
        ("10.0.0.255", "10.0.0.0"),
        (" 8.8.4.4 ", "8.8.4.0"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::"),
        ("2001:0db8:0001:ffff:ffff:ffff:ffff:ffff", "2001:db8:1::"),
        ("fe80::1%eth0", "fe80::"),
        ("::ffff:203.0.113.9", "203.0.113.0"),
        ("::1", "::"),
    ],
)
def test_truncate_ip_keeps_only_the_network(address: str, network: str) -> None:
    assert truncate_ip(address) == network


@pytest.mark.parametrize("value", ["999.1.1.1", "1.2.3", "localhost", "", None, 17, ["1.2.3.4"]])
def test_values_that_are_not_ip_addresses_cannot_be_truncated(value: object) -> None:
    assert truncate_ip(value) is None


def test_pii_keys_are_removed_at_any_depth_in_any_case() -> None:
    payload = {
        "lesson_id": "lesson_001",
        "Email": "a@b.c",
        "profile": {"first_name": "Ada", "prefs": {"PHONE": "+44", "theme": "dark"}},
        "contacts": [{"name": "x", "role": "parent"}, {"address": "1 Road"}, "plain"],
        "score": 85,
    }
    assert json.loads(scrub_payload(json.dumps(payload), KEYS)) == {
        "lesson_id": "lesson_001",
        "profile": {"prefs": {"theme": "dark"}},
        "contacts": [{"role": "parent"}, {}, "plain"],
        "score": 85,
    }


def test_ip_keys_are_truncated_everywhere_and_dropped_when_not_an_address() -> None:
    payload = {"ip": "10.1.2.3", "proxy": {"ip": "2001:db8:1:2::9"}, "hops": [{"ip": "n/a"}]}
    assert json.loads(scrub_payload(json.dumps(payload), KEYS)) == {
        "ip": "10.1.2.0",
        "proxy": {"ip": "2001:db8:1::"},
        "hops": [{}],
    }


def test_a_key_spelled_with_unicode_escapes_is_still_found() -> None:
    assert json.loads(scrub_payload('{"\\u0065mail": "a@b.c", "k": 1}', KEYS)) == {"k": 1}


def test_numbers_and_non_ascii_text_survive_the_round_trip() -> None:
    text = '{"score": 85.50, "big": 12345678901234567890, "title": "Fractions: élan 日本"}'
    assert json.loads(scrub_payload(text, KEYS)) == json.loads(text)


def test_unparseable_text_is_dropped_only_when_it_may_hold_pii() -> None:
    assert scrub_payload('{"page_id": ', KEYS) == '{"page_id": '
    assert scrub_payload('{"email": "a@b.c"', KEYS) is None
    assert scrub_payload('{"ip": "1.2.3.4"', KEYS) is None
    assert scrub_payload(None, KEYS) is None


def test_the_arrow_wrapper_maps_each_text() -> None:
    texts = pa.array(['{"name": "x", "a": 1}', None, '{"a": 2}'])
    assert scrub_payloads(texts, KEYS).to_pylist() == ['{"a": 1}', None, '{"a": 2}']


def test_pii_key_configuration() -> None:
    assert parse_pii_keys(None) == DEFAULT_PII_KEYS
    assert parse_pii_keys(" Email, ssn ,,email") == ("email", "ssn")
    assert parse_pii_keys("") == ()
