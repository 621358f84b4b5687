"""`/readyz` for load balancers and `/metrics` for Prometheus (docs/contracts.md 4.11)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST

from marketplace.operations import health, metrics


@never_cache
def readyz(request):
    """200 when this process may take traffic; 503 naming each failing check. Counts and
    job kinds only: nothing here is personal data."""
    checks = health.readiness()
    ready = all(check.ok for check in checks)
    body = {
        "status": "ready" if ready else "not ready",
        "checks": {check.name: "ok" if check.ok else check.detail for check in checks},
    }
    if not ready:
        body["failing"] = [check.name for check in checks if not check.ok]
    return JsonResponse(body, status=200 if ready else 503)


@never_cache
def metrics_view(request):
    """Only with `Authorization: Bearer <MARKETPLACE_METRICS_TOKEN>`; 404 to anyone else
    (and to everyone when no token is set), so the endpoint is not even confirmed."""
    expected = settings.MARKETPLACE_METRICS_TOKEN
    offered = request.META.get("HTTP_AUTHORIZATION", "")
    if not expected or not hmac.compare_digest(offered.encode(), f"Bearer {expected}".encode()):
        raise Http404
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
