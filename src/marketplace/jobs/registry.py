"""Import every app's `jobs` module so their handlers register."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def load_handlers() -> None:
    for config in apps.get_app_configs():
        name = f"{config.name}.jobs"
        if config.name.startswith("marketplace.") and config.label != "jobs" and find_spec(name):
            import_module(name)
