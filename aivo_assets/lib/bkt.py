"""Bayesian Knowledge Tracing, vectorized across (learner, content) pairs.

Mastery is kept in integer ten-thousandths (``_e4``) so that what is stored, what the next
step starts from and the deltas are exact 4-decimal values, rounded half up like SQL's round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

P_INIT, P_TRANSIT, P_SLIP, P_GUESS = 0.3, 0.1, 0.1, 0.2
CORRECT_SCORE = 70.0  # an observation is correct when its score is at least this
SCALE = 10_000
P_INIT_E4 = round(P_INIT * SCALE)
# What the evidence SQL (DuckDB and Snowflake) reads of the model, beside the window's dates.
EVIDENCE_SQL_PARAMETERS = {"p_init_e4": P_INIT_E4, "correct_score": CORRECT_SCORE}


def bkt_step_e4(prior_e4: np.ndarray, correct: np.ndarray) -> np.ndarray:
    """One observation per element: posterior given the answer, then the learning transition."""
    p = prior_e4 / SCALE
    posterior = np.where(
        correct,
        p * (1 - P_SLIP) / (p * (1 - P_SLIP) + (1 - p) * P_GUESS),
        p * P_SLIP / (p * P_SLIP + (1 - p) * (1 - P_GUESS)),
    )
    current = posterior + (1 - posterior) * P_TRANSIT
    return np.floor(current * SCALE + 0.5).astype(np.int64)


def confidence_e4(evidence_count: np.ndarray) -> np.ndarray:
    """round(n / (n + 2), 4) in integer arithmetic, half up."""
    n = evidence_count.astype(np.int64)
    return (2 * SCALE * n + n + 2) // (2 * (n + 2))


@dataclass(frozen=True)
class MasteryTrace:
    previous_e4: np.ndarray
    current_e4: np.ndarray
    evidence_count: np.ndarray


def trace_mastery(
    pair: np.ndarray,
    step: np.ndarray,
    correct: np.ndarray,
    start_e4: np.ndarray,
    start_count: np.ndarray,
) -> MasteryTrace:
    """Run every pair's evidence in order, one step index at a time across all pairs.

    ``pair`` (dense ids ``0..P-1``) and ``step`` (0-based position of the evidence within its
    pair, in timestamp/event_id order) describe each evidence row; ``start_e4`` and
    ``start_count`` give each pair's state before the first row. The loop runs once per
    step index (the longest pair's evidence count), each iteration vectorized over pairs.
    """
    state = start_e4.astype(np.int64).copy()
    previous = np.empty(len(pair), dtype=np.int64)
    current = np.empty(len(pair), dtype=np.int64)
    order = np.argsort(step, kind="stable")
    bounds = np.searchsorted(step[order], np.arange(int(step.max(initial=-1)) + 2))
    for k in range(len(bounds) - 1):
        rows = order[bounds[k] : bounds[k + 1]]
        pairs = pair[rows]
        previous[rows] = state[pairs]
        current[rows] = state[pairs] = bkt_step_e4(state[pairs], correct[rows])
    return MasteryTrace(previous, current, start_count[pair] + step + 1)
