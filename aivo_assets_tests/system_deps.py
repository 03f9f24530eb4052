"""Install the Debian packages the test suite needs (run by `make test`, idempotent).

Only the browser test needs one: Debian's ``chromium`` (Playwright cannot download browsers
here). Without root or apt this fails and says what to install: pytest alone skips the
browser test where chromium is missing, ``make test`` never does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

DEBIAN_PACKAGES = {"chromium": "chromium"}


def install_missing(packages: dict[str, str], can_install: bool) -> int:
    """Install the packages whose binary is not on PATH; 1 with what to do when it cannot."""
    missing = [pkg for binary, pkg in packages.items() if shutil.which(binary) is None]
    if not missing:
        return 0
    if not can_install:
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


def main() -> int:
    can_install = shutil.which("apt-get") is not None and os.geteuid() == 0
    return install_missing(DEBIAN_PACKAGES, can_install)


if __name__ == "__main__":
    raise SystemExit(main())
