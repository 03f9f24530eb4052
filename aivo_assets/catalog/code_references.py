"""Code references: each asset links to the code that builds it (Python function, dbt SQL).

Locally they are file paths; with ``AIVO_GIT_URL`` set (GitHub or GitLab) they become links
to the files on ``AIVO_GIT_BRANCH``. Nothing here touches the network.
"""

import warnings
from collections.abc import Sequence

from dagster import (
    AnchorBasedFilePathMapping,
    AssetsDefinition,
    AssetSpec,
    BetaWarning,
    link_code_references_to_git,
    with_source_code_references,
)

from aivo_assets.lib.settings import REPO_ROOT

# Any file committed at the repository root anchors local paths to repository paths.
ANCHOR = "setup.py"


def with_code_references(
    assets: Sequence[AssetsDefinition | AssetSpec], git_url: str | None, git_branch: str
) -> Sequence[AssetsDefinition | AssetSpec]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BetaWarning)
        referenced = with_source_code_references(assets)
        if git_url is None:
            return referenced
        return link_code_references_to_git(
            referenced,
            git_url=git_url.removesuffix("/").removesuffix(".git"),
            git_branch=git_branch,
            file_path_mapping=AnchorBasedFilePathMapping(
                local_file_anchor=REPO_ROOT / ANCHOR, file_anchor_path_in_repository=ANCHOR
            ),
        )
