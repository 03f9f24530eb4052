"""The dbt CLI resource for the dbt-core installed in this environment."""

from collections.abc import Sequence
from functools import cached_property

from dagster_dbt import DbtCliResource
from packaging.version import Version


class InstalledDbtCliResource(DbtCliResource):
    """``DbtCliResource`` without the per-invocation start-up work this project never uses.

    dagster-dbt learns the dbt version by running ``dbt --version`` once per resource instance,
    which is once per run (2-4 s of interpreter start-up each time). Here the executable is the
    dbt of this interpreter's environment, so the installed package metadata says the same.

    It also builds a dbt adapter inside the Dagster process before every invocation (1.3 s:
    profile, project and adapter plug-in), used only by ``fetch_row_counts()`` and
    ``fetch_column_metadata()``. Row counts come from the warehouse resource after dbt exits
    (``dbt_row_counts.py``), so no adapter is built.
    """

    @cached_property
    def _cli_version(self) -> Version:
        from importlib.metadata import version

        return Version(version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None
