"""The landing sensor's runs: one per date, a range when an earlier day's files change."""

from __future__ import annotations

from datetime import date

from aivo_assets.lib.landing_runs import landing_spans

D = [date(2025, 9, day) for day in range(1, 11)]


def test_new_days_at_or_after_the_newest_run_each_get_their_own_run() -> None:
    assert landing_spans([D[5], D[4]], newest_run=D[4]) == [(D[4], D[4]), (D[5], D[5])]
    assert landing_spans([D[2]], newest_run=None) == [(D[2], D[2])]
    assert landing_spans([], newest_run=D[4]) == []


def test_a_day_before_the_newest_run_reruns_every_day_after_it_as_one_range() -> None:
    assert landing_spans([D[1]], newest_run=D[6]) == [(D[1], D[6])]
    assert landing_spans([D[8], D[1], D[3]], newest_run=D[6]) == [(D[1], D[8])]
