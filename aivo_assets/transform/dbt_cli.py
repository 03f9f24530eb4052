"""The dbt CLI resource for the dbt-core installed in this environment."""

from functools import cached_property

from dagster_dbt import DbtCliResource
from packaging.version import Version


class InstalledDbtCliResource(DbtCliResource):
    """``DbtCliResource`` whose dbt is this environment's dbt-core.

    dagster-dbt learns the dbt version by running ``dbt --version`` once per resource instance,
    which is once per run (2-4 s of interpreter start-up each time). Here the executable is the
    dbt of this interpreter's environment, so the installed package metadata says the same.
    """

    @cached_property
    def _cli_version(self) -> Version:
        from importlib.metadata import version

        return Version(version("dbt-core"))
