"""Which landing files a forget reads, and which requests it accepts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pyarrow as pa
import pytest
from dagster import Failure

from aivo_assets.lib.landing import LandingFile
from aivo_assets.privacy.forget_job import ForgetConfig, forget_request
from aivo_assets.privacy.forget_landing import LearnerMatcher, files_to_scan
from aivo_assets.privacy.privacy_policy import PrivacyPolicy
from aivo_assets.privacy.pseudonyms import Pseudonymizer

LOADED = datetime(2025, 9, 8, 4, 30)


def _file(day: str, name: str, modified: datetime | None) -> LandingFile:
    mtime = None if modified is None else int(modified.replace(tzinfo=UTC).timestamp() * 1e9)
    return LandingFile(f"events/{day.replace('-', '/')}/{name}.parquet", 1, mtime)


def test_only_files_that_can_hold_the_learner_are_read() -> None:
    early = LOADED - timedelta(days=1)
    files = [
        _file("2025-09-05", "a", early),  # a learner day
        _file("2025-09-06", "a", early),  # loaded, learner absent
        _file("2025-09-06", "late", LOADED + timedelta(hours=3)),  # landed after the load
        _file("2025-09-06", "skewed", LOADED - timedelta(minutes=5)),  # within clock skew
        _file("2025-09-06", "before", LOADED - timedelta(minutes=15)),  # loaded
        _file("2025-09-07", "a", early),  # day never loaded
        _file("2025-09-06", "unknown", None),  # no mtime: cannot tell
        LandingFile("events/readme.txt", 1, 0),  # not a landing file
    ]
    loaded = {date(2025, 9, 5): LOADED, date(2025, 9, 6): LOADED}
    chosen = files_to_scan(files, {date(2025, 9, 5)}, loaded)
    assert [f.path.rsplit("/", 2)[-2:] for f in chosen] == [
        ["05", "a.parquet"],
        ["06", "late.parquet"],
        ["06", "skewed.parquet"],
        ["07", "a.parquet"],
        ["06", "unknown.parquet"],
    ]


def test_landed_ids_match_after_trimming_and_through_the_pseudonym() -> None:
    table = pa.table(
        {
            "learner_id": [" learner_3 ", "learner_30", None, "", "learner_3"],
            "session_id": ["s1", "s2", "s1", "s9", "s3"],
        }
    )
    plain = LearnerMatcher("learner_3")
    assert plain.rows_to_remove(table, {"s1"}).to_pylist() == [True, False, True, False, True]
    pseudonymizer = Pseudonymizer(b"k")
    keyed = LearnerMatcher(pseudonymizer("learner_3"), pseudonymizer)
    assert keyed.rows_to_remove(table, set()).to_pylist() == [True, False, False, False, True]


def test_requests_are_validated_against_pseudonymization(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "dpo-on-shift")
    off, on = PrivacyPolicy(), PrivacyPolicy(pseudonymizer=Pseudonymizer(b"k"))
    request = forget_request(ForgetConfig(learner_id=" learner_1 ", requested_by="dpo"), off)
    assert (request.learner_ref, request.learner_ref_kind, request.requested_by) == (
        "learner_1",
        "learner_id",
        "dpo",
    )
    keyed = forget_request(ForgetConfig(pseudonym="lrn_00"), on)
    assert (keyed.learner_ref, keyed.learner_ref_kind) == ("lrn_00", "pseudonym")
    assert keyed.requested_by == "dpo-on-shift", "defaults to the OS user"
    for config, policy, why in (
        # The raw id would enter the run history.
        (ForgetConfig(learner_id="learner_1"), on, "pass the pseudonym, not the raw id"),
        # Nothing is stored under a pseudonym.
        (ForgetConfig(pseudonym="lrn_00"), off, "pseudonymization is off"),
        (ForgetConfig(), off, "give exactly one of learner_id or pseudonym"),
        (ForgetConfig(learner_id="a", pseudonym="b"), on, "give exactly one of"),
    ):
        with pytest.raises(Failure, match=why):
            forget_request(config, policy)
