"""The outermost middleware: a request id, the request's metrics and its one log line.

For every request: take a well-formed `X-Request-ID` from the proxy or make one (it goes
back in the response and into any job the request queues, core/request_id.py); time the
answer; count it in /metrics by the URL pattern Django resolved (`route`, never the raw
path: a path can hold an id) and method (OTHER for a method outside metrics.METHODS); write
one JSON `request` line (core/jsonlog.py) with no personal data: method, route, status,
duration, the role of a signed-in user (never who).

It runs on every request, so its steps are kept cheap (ADR 1605): the metrics' label
children are cached, the SLA day is read at most once a second, the log record skips the
logging module's search of the stack, and a new request id is 16 bytes of os.urandom.
"""

from __future__ import annotations

from time import perf_counter

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

from marketplace.core import jsonlog, request_id
from marketplace.operations import metrics, sla

UNMATCHED = "<unmatched>"
# Probes and scrapes are not what people get: the SLA report leaves them out.
NOT_COUNTED_FOR_SLA = frozenset({"healthz", "readyz", "metrics", "/static/"})


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
        started = perf_counter()
        try:
            response = self.get_response(request)
            _account(request, response.status_code, perf_counter() - started)
            response["X-Request-ID"] = rid
            return response
        finally:
            request_id.reset(token)


def _account(request, status: int, seconds: float) -> None:
    """Count the answer in /metrics and the SLA figures and write its log line."""
    route = route_of(request)
    method = metrics.method_label(request.method)
    metrics.observe(method, route, status, seconds)
    held = bool(getattr(request, "waiting_room", False))
    if route not in NOT_COUNTED_FOR_SLA:
        sla.COUNTS.add(seconds, status, held)
    user = getattr(request, "user", None)
    jsonlog.event(
        "request",
        method=method,
        route=route,
        status=status,
        duration_ms=round(seconds * 1000, 1),
        role=user.role if user is not None and user.is_authenticated else "anonymous",
        waiting_room=held,
    )


class WaitingRoomMiddleware:
    """Holds new arrivals in the waiting room when the site is saturated or an operator
    opened it (operations/waiting_room.py). Placed after LocaleMiddleware (the page is in
    the person's language) and before anything that reads the session or the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.translation import get_language

        from marketplace.operations import waiting_room

        if request.path.startswith(waiting_room.EXEMPT):
            return self.get_response(request)
        waiting_room.LOAD.start()
        try:
            admission = request.COOKIES.get(waiting_room.ADMITTED_COOKIE)
            admitted = waiting_room.is_admitted(admission)
            ticket = waiting_room.ticket_of(request.COOKIES.get(waiting_room.TICKET_COOKIE))
            decision = waiting_room.decide(admitted, ticket, get_language() or "en")
            if not decision.admit:
                request.waiting_room = True
                return _held(request, decision)
            if waiting_room.CHOICE_PARAMETER in request.GET:
                # let in from a queue page's link: the page asked for, without the choice
                from django.http import HttpResponseRedirect

                response = HttpResponseRedirect(_without_choice(request))
            else:
                response = self.get_response(request)
        finally:
            waiting_room.LOAD.finish()
        if not admitted or waiting_room.renewal_due(admission):
            response.set_cookie(
                waiting_room.ADMITTED_COOKIE,
                waiting_room.admission_value(),
                max_age=waiting_room.admission_hours() * 3600,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            response.delete_cookie(waiting_room.TICKET_COOKIE)
            response.delete_cookie(waiting_room.AUTO_COOKIE)
        return response


def _without_choice(request) -> str:
    """The path asked for, without the queue page's refresh choice (`mp-wait`)."""
    from marketplace.operations import waiting_room

    query = request.GET.copy()
    query.pop(waiting_room.CHOICE_PARAMETER, None)
    return request.path + (f"?{query.urlencode()}" if query else "")


def _held(request, decision):
    from django.http import JsonResponse
    from django.shortcuts import render

    from marketplace.operations import metrics, waiting_room

    retry = str(waiting_room.refresh_seconds())
    if request.path.startswith("/api/"):
        metrics.WAITING_ROOM.labels(kind="api").inc()
        response = JsonResponse(
            {"detail": "The service is busy; try again shortly.", "retry_after": int(retry)},
            status=503,
        )
    else:
        metrics.WAITING_ROOM.labels(kind="page").inc()
        choice = request.GET.get(waiting_room.CHOICE_PARAMETER)
        if choice not in ("auto", "manual"):
            choice = request.COOKIES.get(waiting_room.AUTO_COOKIE) or "manual"
        path = _without_choice(request)
        joiner = "&" if "?" in path else "?"
        context = {
            "place": decision.place,
            "minutes": max(1, round(decision.wait_seconds / 60)),
            "refresh": retry,
            "message": decision.message,
            "path": path,
            "automatic": choice == "auto",
            "auto_path": f"{path}{joiner}{waiting_room.CHOICE_PARAMETER}=auto",
            "manual_path": f"{path}{joiner}{waiting_room.CHOICE_PARAMETER}=manual",
        }
        response = render(request, "operations/waiting_room.html", context)
        if choice == "auto":
            response.set_cookie(
                waiting_room.AUTO_COOKIE,
                "auto",
                max_age=24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        else:
            response.delete_cookie(waiting_room.AUTO_COOKIE)
    response["Retry-After"] = retry
    response["Cache-Control"] = "no-store"
    response.set_cookie(
        waiting_room.TICKET_COOKIE,
        waiting_room.ticket_value(decision.ticket),
        max_age=24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


#: Posted fields not put back in the page that offers to send a form again: secrets (typed
#: again), and the CSRF token (the page has its own).
SECRETS = ("password", "secret")
CSRF_FIELD = "csrfmiddlewaretoken"


class ConflictAnswerMiddleware:
    """A view whose transaction PostgreSQL ended in a deadlock or serialization failure,
    even after `core.transactions.atomic_action` ran it again, answers 409 with a page that
    keeps what was typed and sends it again with one button, instead of a 500 (ADR 0816).
    Nothing was saved: the database rolled the transaction back. Listed last in MIDDLEWARE,
    so its `process_exception` is asked first; the other middleware see a normal answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from marketplace.core import transactions

        if transactions.conflict_of(exception) is None:
            return None
        return conflict_answer(request)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's SessionMiddleware, answering 409 when saving the session after the view
    still meets a deadlock after the session store ran it again (core/sessions.py, ADR
    1704). Django would answer 500: the error is raised after the view, where no
    middleware's `process_exception` is asked. The view's own transaction has committed,
    so the page does not say nothing was changed: it asks the person to check and carries
    on to where the view was sending them."""

    def process_response(self, request, response):
        from django.db import DatabaseError

        from marketplace.core import transactions

        try:
            return super().process_response(request, response)
        except DatabaseError as exc:
            if transactions.conflict_of(exc) is None:
                raise
            return conflict_answer(request, after_view=response)


def conflict_answer(request, after_view=None):
    """The 409 answer: JSON for the API, else the page offering to send the form again.
    `after_view`: the view's answer, when its transaction committed and only the session's
    write failed (`SessionMiddleware`): the page then leads on to where it was going."""
    from django.http import JsonResponse
    from django.shortcuts import render

    if after_view is not None:
        return _session_answer(request, after_view)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "Nothing was saved: another change met this one. Send it again."},
            status=409,
        )
    else:
        post = request.method == "POST"
        names = [name for name in request.POST if name != CSRF_FIELD] if post else []
        secret = [name for name in names if any(word in name.lower() for word in SECRETS)]
        kept = [
            (name, value)
            for name in names
            if name not in secret
            for value in request.POST.getlist(name)
        ]
        context = {
            "post": post,
            "kept": kept,
            "left_out": bool(secret),
            "files": post and bool(request.FILES),
            "action": request.get_full_path(),
        }
        response = render(request, "errors/conflict.html", context, status=409)
    response["Retry-After"] = "1"
    response["Cache-Control"] = "no-store"  # the page holds what was typed
    return response


def _session_answer(request, after_view):
    """409 after a view whose changes were saved but whose session write was not."""
    from django.http import JsonResponse
    from django.shortcuts import render

    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "Your session could not be saved: check what was saved, then go on."},
            status=409,
        )
    else:
        onward = after_view.get("Location") if after_view.status_code in (301, 302, 303) else None
        context = {"after_view": True, "action": onward or request.get_full_path()}
        response = render(request, "errors/conflict.html", context, status=409)
    response["Retry-After"] = "1"
    response["Cache-Control"] = "no-store"
    return response
