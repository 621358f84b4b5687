"""Install the Debian packages the test suite needs, when they are missing.

Browser tests drive Debian's Chromium (never a browser Playwright downloads), and PDF notices
need Pango and fonts. On a machine where we are root with apt-get, missing packages are
installed; elsewhere we say what is missing and let the tests that need it fail loudly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

PACKAGES = [
    "chromium",
    "fonts-dejavu-core",
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz-subset0",
    "poppler-utils",
]


def missing(packages: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    absent = []
    for package in packages:
        result = subprocess.run(  # noqa: S603
            ["dpkg-query", "-W", "-f=${Status}", package],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in result.stdout:
            absent.append(package)
    return absent


def main() -> int:
    absent = missing(PACKAGES)
    if not absent:
        return 0
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"Missing system packages (install them with apt-get): {' '.join(absent)}")
        return 0
    print(f"Installing system packages for the tests: {' '.join(absent)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)  # noqa: S607
    result = subprocess.run(  # noqa: S603
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *absent],  # noqa: S607
        check=False,
        env=env,
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
