"""Form 1095-A tests reuse the enrollment fixtures: the demo catalog and the named households."""

from tests.enrollment.conftest import _dirs, demo_catalog, garcia, okafor  # noqa: F401
