"""`make test` stops, saying what to install, where it cannot install the browser."""

from __future__ import annotations

import pytest

from aivo_assets_tests.system_deps import install_missing


def test_a_missing_package_that_cannot_be_installed_stops_make_test(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert install_missing({"aivo-no-such-binary": "aivo-pkg"}, can_install=False) == 1
    assert "sudo apt-get install aivo-pkg" in capsys.readouterr().err


def test_nothing_missing_needs_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert install_missing({"sh": "dash"}, can_install=False) == 0
    assert capsys.readouterr().err == ""
