"""Install the Debian packages the test suite needs (run by `make test`, idempotent).

Only the browser test needs one: Debian's ``chromium`` (Playwright cannot download browsers
here). Without root or apt this fails and says what to install, rather than letting the
browser test pass by skipping.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

DEBIAN_PACKAGES = {"chromium": "chromium"}


def main() -> int:
    missing = [pkg for binary, pkg in DEBIAN_PACKAGES.items() if shutil.which(binary) is None]
    if not missing:
        return 0
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        print(
            f"system_deps: missing {missing}; installing needs root and apt-get: "
            f"`sudo apt-get install {' '.join(missing)}`, then run `make test` again",
            file=sys.stderr,
        )
        return 1
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env=env,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
