"""The SQL routing of the RAW load gives exactly the Python rule's result, text by text."""

from __future__ import annotations

import json

import duckdb
import pyarrow as pa

from aivo_assets.ingestion.raw_privacy import PRIVATE_SOURCE, create_private_source
from aivo_assets.lib.pii_keys import DEFAULT_PII_KEYS
from aivo_assets.privacy.payload_scrub import scrub_payload
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.privacy.pseudonyms import Pseudonymizer

KEYS = frozenset(DEFAULT_PII_KEYS)
PAYLOADS = [
    '{"page_id": "page_home"}',
    '{"source": "web_app", "ip": "192.168.1.17"}',
    '{"source":"ios","ip" : "10.0.0.9","device":{"ip":"172.16.5.200"}}',
    '{"ip": "2001:db8:abcd:12::1", "source": "web"}',
    '{"ip": "999.1.2.3"}',
    '{"ip": "01.2.3.4"}',
    '{"ip": null, "a": 1}',
    '{"ip": 12345}',
    '{"note": "the \\"ip\\": \\"1.2.3.4\\" text", "a": 1}',
    '{"lesson_id": "l1", "Email": "a@b.c", "score": 85}',
    '{"profile": {"first_name": "Ada", "tags": [{"PHONE": "1"}, "x"]}, "ip": "8.8.8.8"}',
    '{"\\u0065mail": "a@b.c"}',
    '{"title": "caf\\u00e9"}',
    '{"username": "not a pii key", "named": true}',
    '{"page_id": ',
    '{"email": "a@b.c"',
    '{"source": "web_app"',
    None,
]


def _landed(conn: duckdb.DuckDBPyConnection, learners: list[str | None]) -> None:
    rows = pa.table(
        {
            "n": pa.array(range(len(PAYLOADS))),
            "learner_id": pa.array(learners, pa.string()),
            "data": pa.array(PAYLOADS, pa.string()),
            "metadata": pa.array(list(reversed(PAYLOADS)), pa.string()),
        }
    )
    conn.register("rows", rows)
    conn.execute("create temp table landed_source as select * from rows")


def _same_payload(actual: str | None, expected: str | None) -> bool:
    if actual is None or expected is None:
        return actual is expected
    try:
        return json.loads(actual) == json.loads(expected)
    except ValueError:
        return actual == expected


def test_every_route_agrees_with_the_python_rule_on_data_and_metadata() -> None:
    conn = duckdb.connect()
    _landed(conn, ["learner_1"] * len(PAYLOADS))
    counts = create_private_source(conn, PrivacyPolicy(KEYS))
    got = conn.execute(f"select data, metadata from {PRIVATE_SOURCE} order by n").fetchall()
    for (data, metadata), original_data, original_metadata in zip(
        got, PAYLOADS, reversed(PAYLOADS), strict=True
    ):
        assert _same_payload(data, scrub_payload(original_data, KEYS)), original_data
        assert _same_payload(metadata, scrub_payload(original_metadata, KEYS)), original_metadata
    assert counts.payloads_ipv4_sql == 2, "plain IPv4 payloads never reach Python"
    assert counts.payloads_dropped == 1
    untouched = conn.execute(
        f"select count(*) from {PRIVATE_SOURCE} where data = '{PAYLOADS[0]}'"
    ).fetchone()
    assert untouched == (1,), "payloads without PII keep their exact text"


def test_learner_ids_are_replaced_by_their_pseudonyms() -> None:
    conn = duckdb.connect()
    learners = ["learner_1", " learner_2  ", None, "learner_2", "  "]
    learners += ["learner_1"] * (len(PAYLOADS) - len(learners))
    _landed(conn, learners)
    pseudonymizer = Pseudonymizer(b"key")
    counts = create_private_source(conn, PrivacyPolicy(KEYS, pseudonymizer))
    got = [
        row[0]
        for row in conn.execute(f"select learner_id from {PRIVATE_SOURCE} order by n").fetchall()
    ]
    assert got == [pseudonymizer(i.strip()) if i and i.strip() else i for i in learners]
    assert counts.learners_pseudonymized == 2


def test_an_empty_key_list_still_truncates_ips() -> None:
    conn = duckdb.connect()
    _landed(conn, ["learner_1"] * len(PAYLOADS))
    create_private_source(conn, PrivacyPolicy(frozenset()))
    data = [
        row[0] for row in conn.execute(f"select data from {PRIVATE_SOURCE} order by n").fetchall()
    ]
    assert json.loads(data[1]) == {"source": "web_app", "ip": "192.168.1.0"}
    assert json.loads(data[9])["Email"] == "a@b.c"
