"""A new web worker imports every view while it boots, not in the first request it serves
(the load test's profile: a killed or recycled worker's first request, often the balancer's
health check, spent seconds importing them; docs/load-testing.md, "Profiles")."""

from __future__ import annotations

import os
import subprocess
import sys


def test_loading_the_wsgi_application_imports_the_views():
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARKETPLACE_")}
    env["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, marketplace.wsgi; "
            "print('marketplace.shopping.views' in sys.modules, "
            "'marketplace.api.endpoints' in sys.modules)",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True"]
