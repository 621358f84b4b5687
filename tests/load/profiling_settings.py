"""The exchange's settings with every request profiled (tests/load/profiling.py)."""

from marketplace.settings import *  # noqa: F403
from marketplace.settings import MIDDLEWARE

MIDDLEWARE = ["tests.load.profiling.ProfileMiddleware", *MIDDLEWARE]
