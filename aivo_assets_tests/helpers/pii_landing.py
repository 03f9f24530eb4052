"""The seed fixtures landed with PII planted in their payloads, plus a replay of a learner.

Payload fields the metrics read (page_id, lesson_id, score...) are left as they are, so the
analytics tables must still equal the hand-computed fixtures once PII is filtered.
"""

from __future__ import annotations

import json
from pathlib import Path

from aivo_assets_tests.helpers.fixture_files import landing_records, write_landing_files

# Values that must appear nowhere in the warehouse once loaded.
PII_VALUES = (
    "ada.byron@example.com",
    "Ada Byron",
    "+44 20 7946 0000",
    "Bob's iPad",
    "1 Main Street",
    "Lovelace",
    "bob@example.com",
    "carol@example.com",
)
# (event_id, file) -> keys merged into data / metadata.
DATA_PII = {
    ("evt_0002", "05/batch-0001"): {"email": "ada.byron@example.com"},
    ("evt_0004", "05/batch-0001"): {
        "profile": {"First_Name": "Ada Byron", "contacts": [{"PHONE": "+44 20 7946 0000"}, "ok"]}
    },
    ("evt_0042", "06/batch-0001"): {"last_name": "Lovelace"},
}
METADATA_PII = {
    ("evt_0014", "05/batch-0001"): {
        "ip": "2001:db8:abcd:12::1",
        "device": {"name": "Bob's iPad", "ip": "10.9.8.7"},
    },
    ("evt_0038", "06/batch-0001"): {"address": {"street": "1 Main Street"}},
    ("evt_0070", "07/batch-0002"): {"ip": "unknown"},
}
# Payload texts replaced whole: unparseable JSON holding PII (a rejected row keeps its reason,
# the payload is dropped), and a key spelled with a unicode escape ("\u0065mail" is "email").
RAW_TEXT = {
    ("evt_0015", "05/batch-0001"): ("data", '{"page_id": "page_home", "email": "bob@example.com"'),
    ("evt_0052", "07/batch-0001"): (
        "data",
        '{"lesson_id": "lesson_001", "\\u0065mail": "carol@example.com"}',
    ),
}
# A replayed duplicate of learner_003 (id padded with spaces) alone in a later file.
REPLAY_FILE = "events/2025/09/07/batch-0003.parquet"


def write_pii_landing(root: Path) -> None:
    by_file = landing_records()
    for path, records in by_file.items():
        for record in records:
            where = (
                record["event_id"],
                path.removeprefix("events/2025/09/").removesuffix(".parquet"),
            )
            for column, planted in (("data", DATA_PII), ("metadata", METADATA_PII)):
                if where in planted:
                    record[column] = json.dumps({**json.loads(record[column]), **planted[where]})
            if where in RAW_TEXT:
                column, text = RAW_TEXT[where]
                record[column] = text
    replayed = by_file["events/2025/09/07/batch-0002.parquet"]
    replay = next(r for r in replayed if r["event_id"] == "evt_0074")
    by_file[REPLAY_FILE] = [{**replay, "learner_id": "  learner_003 "}]
    write_landing_files(root, by_file)
