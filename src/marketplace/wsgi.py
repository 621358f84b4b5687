"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
application = get_wsgi_application()

# Import every view now, while the worker boots, not in the first request it serves: the load
# test's profile found a new worker's first request (often the balancer's health check, and
# after a worker is killed or recycled) spending seconds importing the URL configuration
# (docs/load-testing.md, "Profiles").
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - loads the URL configuration and every view
