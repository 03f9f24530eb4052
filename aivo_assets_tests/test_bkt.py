"""BKT steps computed by hand from the contract's formulas."""

from __future__ import annotations

import numpy as np

from aivo_assets.lib.bkt import bkt_step_e4, confidence_e4, trace_mastery


def test_first_correct_and_incorrect_answers_from_the_initial_prior() -> None:
    # correct: 0.3*0.9 / (0.27 + 0.7*0.2) = 0.658537; + 0.341463*0.1 = 0.692683 -> 0.6927
    # wrong:   0.3*0.1 / (0.03 + 0.7*0.8) = 0.050847; + 0.949153*0.1 = 0.145763 -> 0.1458
    assert bkt_step_e4(np.array([3000, 3000]), np.array([True, False])).tolist() == [6927, 1458]


def test_confidence_is_n_over_n_plus_two_rounded() -> None:
    assert confidence_e4(np.array([1, 2, 3, 10])).tolist() == [3333, 5000, 6000, 8333]


def test_pairs_advance_independently_and_from_their_carried_state() -> None:
    # pair 0: three answers from 0.3 (wrong, right, right); pair 1: one right answer from 0.5
    pair = np.array([0, 1, 0, 0])
    step = np.array([0, 0, 1, 2])
    correct = np.array([False, True, True, True])
    trace = trace_mastery(pair, step, correct, np.array([3000, 5000]), np.array([0, 4]))
    # 0.1458 right: 0.13122 / (0.13122 + 0.17084) = 0.434417 -> + 0.056558 = 0.490975 -> 0.4910
    # 0.4910 right: 0.4419 / (0.4419 + 0.1018) = 0.812764 -> + 0.018724 = 0.831488 -> 0.8315
    # 0.5    right: 0.45 / (0.45 + 0.1) = 0.818182 -> + 0.018182 = 0.836364 -> 0.8364
    assert trace.previous_e4.tolist() == [3000, 5000, 1458, 4910]
    assert trace.current_e4.tolist() == [1458, 8364, 4910, 8315]
    assert trace.evidence_count.tolist() == [1, 5, 2, 3]


def test_no_evidence_is_an_empty_trace() -> None:
    empty = np.array([], dtype=np.int64)
    trace = trace_mastery(empty, empty, empty.astype(bool), np.array([3000]), np.array([0]))
    assert trace.current_e4.size == 0
