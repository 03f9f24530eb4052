"""Pseudonyms are keyed, stable, prefixed and collision-free on a large id set."""

from __future__ import annotations

import hashlib
import hmac
import re

import pytest

from aivo_assets.privacy.pseudonyms import Pseudonymizer


def test_a_pseudonym_is_the_truncated_hmac_sha256_of_the_id() -> None:
    pseudonym = Pseudonymizer(b"secret")("learner_001")
    expected = hmac.new(b"secret", b"learner_001", hashlib.sha256).hexdigest()[:32]
    assert pseudonym == f"lrn_{expected}"
    assert re.fullmatch(r"lrn_[0-9a-f]{32}", pseudonym)


def test_same_key_same_pseudonym_other_key_other_pseudonym() -> None:
    first, again = Pseudonymizer(b"k1"), Pseudonymizer.from_secret("k1")
    assert first("learner_42") == again("learner_42")
    assert first("learner_42") != Pseudonymizer(b"k2")("learner_42")


def test_no_collisions_among_two_hundred_thousand_learners() -> None:
    ids = [f"learner_{i:06d}" for i in range(200_000)]
    assert len(set(Pseudonymizer(b"key").many(ids))) == len(ids)


def test_the_key_never_appears_in_the_repr() -> None:
    assert "hunter2" not in repr(Pseudonymizer.from_secret("hunter2"))
    with pytest.raises(ValueError, match="the pseudonym key is empty"):
        Pseudonymizer(b"")
