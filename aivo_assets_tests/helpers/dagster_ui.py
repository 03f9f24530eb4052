"""Drive a running Dagster webserver through its GraphQL API, as the UI itself does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from aivo_assets_tests.helpers.process_group import wait_for

LOCATION = "aivo_assets"
REPOSITORY = "__repository__"
FINISHED_RUN = {"SUCCESS", "FAILURE", "CANCELED"}
UNFINISHED_BACKFILL = {"REQUESTED", "CANCELING", "FAILING"}

LOCATION_STATUS = """
{ workspaceOrError { __typename ... on Workspace { locationEntries {
    name loadStatus
    locationOrLoadError { __typename ... on PythonError { message } }
} } } }
"""

LAUNCH_BACKFILL = """
mutation ($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on Error { message }
  }
}
"""

BACKFILL = """
query ($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    __typename
    ... on PartitionBackfill {
      status
      runs { runId status tags { key value } assetSelection { path } }
    }
    ... on Error { message }
  }
}
"""

LAUNCH_RUN = """
mutation ($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on Error { message }
  }
}
"""

RUN_STATUS = """
query ($id: ID!) { runOrError(runId: $id) { __typename ... on Run { status } } }
"""


class GraphQLError(AssertionError):
    pass


@dataclass(frozen=True)
class DagsterUI:
    url: str

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = requests.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables or {}}, timeout=60
        )
        response.raise_for_status()
        body = response.json()
        if body.get("errors"):
            raise GraphQLError(f"GraphQL errors: {body['errors']}")
        return body["data"]

    def responds(self) -> bool | None:
        try:
            return requests.get(f"{self.url}/server_info", timeout=2).ok or None
        except requests.ConnectionError:
            return None

    def wait_until_loaded(self, timeout: float) -> None:
        """The server answers and the code location has loaded (fails fast on a load error)."""
        wait_for(self.responds, timeout, f"the webserver at {self.url}")
        wait_for(self._location_loaded, timeout, f"code location {LOCATION} to load")

    def _location_loaded(self) -> bool | None:
        entries = self.graphql(LOCATION_STATUS)["workspaceOrError"]["locationEntries"]
        [entry] = [e for e in entries if e["name"] == LOCATION]
        error = entry["locationOrLoadError"]
        if error and error["__typename"] == "PythonError":
            raise GraphQLError(f"code location failed to load: {error['message']}")
        return entry["loadStatus"] == "LOADED" or None

    def launch_asset_backfill(
        self, asset_paths: list[list[str]], partitions: list[str], tags: dict[str, str]
    ) -> str:
        """What the UI's "Materialize selected partitions" dialog sends for an asset range."""
        params = {
            "assetSelection": [{"path": path} for path in asset_paths],
            "partitionNames": partitions,
            "fromFailure": False,
            "tags": [{"key": k, "value": v} for k, v in tags.items()],
        }
        result = self.graphql(LAUNCH_BACKFILL, {"params": params})["launchPartitionBackfill"]
        if result["__typename"] != "LaunchBackfillSuccess":
            raise GraphQLError(f"backfill not launched: {result}")
        return result["backfillId"]

    def wait_for_backfill(self, backfill_id: str, timeout: float) -> dict[str, Any]:
        """The backfill once the daemon has marked it finished (all its runs done)."""

        def finished() -> dict[str, Any] | None:
            backfill = self.graphql(BACKFILL, {"id": backfill_id})["partitionBackfillOrError"]
            if backfill["__typename"] != "PartitionBackfill":
                raise GraphQLError(f"backfill {backfill_id}: {backfill}")
            return None if backfill["status"] in UNFINISHED_BACKFILL else backfill

        return wait_for(finished, timeout, f"backfill {backfill_id}", interval=1.0)

    def wait_for_backfill_runs(
        self, backfill_id: str, asset_paths: list[str], timeout: float
    ) -> list[dict[str, Any]]:
        """The backfill's runs, once they have covered ``asset_paths`` and all finished
        (or as soon as one failed: the assertions then say which)."""

        def covered() -> list[dict[str, Any]] | None:
            backfill = self.graphql(BACKFILL, {"id": backfill_id})["partitionBackfillOrError"]
            runs = backfill.get("runs") or []
            selected = {"/".join(a["path"]) for run in runs for a in run["assetSelection"]}
            done = all(run["status"] in FINISHED_RUN for run in runs)
            failed = any(run["status"] == "FAILURE" for run in runs)
            return runs if failed or (done and selected >= set(asset_paths)) else None

        return wait_for(covered, timeout, f"runs of backfill {backfill_id}", interval=1.0)

    def launch_job(self, job_name: str, tags: dict[str, str]) -> str:
        params = {
            "selector": {
                "repositoryLocationName": LOCATION,
                "repositoryName": REPOSITORY,
                "jobName": job_name,
            },
            "runConfigData": {},
            "executionMetadata": {"tags": [{"key": k, "value": v} for k, v in tags.items()]},
        }
        result = self.graphql(LAUNCH_RUN, {"params": params})["launchRun"]
        if result["__typename"] != "LaunchRunSuccess":
            raise GraphQLError(f"{job_name} not launched: {result}")
        return result["run"]["runId"]

    def wait_for_run(self, run_id: str, timeout: float) -> str:
        def status() -> str | None:
            run = self.graphql(RUN_STATUS, {"id": run_id})["runOrError"]
            return run["status"] if run["status"] in FINISHED_RUN else None

        return wait_for(status, timeout, f"run {run_id}", interval=1.0)
