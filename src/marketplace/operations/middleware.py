"""The outermost middleware: a request id, the request's metrics and its one log line.

For every request: take a well-formed `X-Request-ID` from the proxy or make one (it goes
back in the response and into any job the request queues, core/request_id.py); time the
answer; count it in /metrics by the URL pattern Django resolved (`route`, never the raw
path: a path can hold an id); write one JSON `request` line (core/jsonlog.py) with no
personal data: method, route, status, duration, the role of a signed-in user (never who).
"""

from __future__ import annotations

import time

from marketplace.core import jsonlog, request_id
from marketplace.operations import metrics

UNMATCHED = "<unmatched>"


def route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None or match.route is None:
        return "/static/" if request.path.startswith("/static/") else UNMATCHED
    return match.route or "/"


class RequestInstrumentationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id.accept(request.META.get("HTTP_X_REQUEST_ID"))
        token = request_id.set_current(rid)
        request.request_id = rid
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            route = route_of(request)
            metrics.observe(request.method, route, response.status_code, seconds)
            user = getattr(request, "user", None)
            jsonlog.event(
                "request",
                method=request.method,
                route=route,
                status=response.status_code,
                duration_ms=round(seconds * 1000, 1),
                role=(user.role if user is not None and user.is_authenticated else "anonymous"),
                waiting_room=bool(getattr(request, "waiting_room", False)),
            )
            response["X-Request-ID"] = rid
            return response
        finally:
            request_id.reset(token)
