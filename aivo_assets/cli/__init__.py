"""The ``aivo`` command line."""

from aivo_assets.cli.main import main

__all__ = ["main"]
