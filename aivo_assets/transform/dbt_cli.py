"""The dbt CLI resource for the dbt-core installed in this environment."""

import os
import shutil
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property

from dagster_dbt import DbtCliInvocation, DbtCliResource
from packaging.version import Version

PARTIAL_PARSE_FILE = "partial_parse.msgpack"


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


@contextmanager
def subprocess_environment(values: Mapping[str, str]) -> Iterator[None]:
    """``values`` set in this process's environment while a dbt subprocess is started.

    dagster-dbt's ``cli()`` takes no environment: the subprocess inherits this one, copied when
    it starts. Restored afterwards, so one run's window never leaks into the next.
    """
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def keep_parse_cache(invocation: DbtCliInvocation) -> None:
    """Make this invocation's parse cache the one the next invocation starts from.

    dagster-dbt runs each invocation in a target directory of its own, seeded with
    ``target/partial_parse.msgpack``; dbt re-parses everything when that cache was made for
    another profile (another DuckDB path, say), and writes the new one only into the
    invocation's directory. Copying it back, atomically, gives every later run what dbt gives
    itself when it runs in one target directory: ~1 s less per run (benches/README.md).
    """
    parsed = invocation.target_path / PARTIAL_PARSE_FILE
    # The seed's location as dagster-dbt computes it.
    seed = invocation.project_dir / os.environ.get("DBT_TARGET_PATH", "target") / PARTIAL_PARSE_FILE
    if not parsed.exists() or not seed.parent.is_dir():
        return
    staged = seed.with_name(f".{PARTIAL_PARSE_FILE}.{uuid.uuid4().hex}")
    try:
        shutil.copyfile(parsed, staged)
        os.replace(staged, seed)
    except OSError:
        # A read-only project (a baked image, say) keeps the cache it was built with: the next
        # run re-parses what changed, nothing fails.
        staged.unlink(missing_ok=True)
