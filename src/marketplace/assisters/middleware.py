"""While a helper helps a household, the household's pages run as that household.

The helper starts with "Help this household" on their list (views.start); the session then
names the authorisation. On every request it is checked again (still standing, still this
helper: `actions.authorised`), so a withdrawal takes effect on the next click. Only the
household's application, enrollment, notices, verification and appeal pages run as the
household (`HELPED_PATHS`); the helper's own account pages stay theirs. The audit log names
the helper through `core.acting` (ADR 1001).
"""

from __future__ import annotations

from marketplace.assisters import actions
from marketplace.core import acting

SESSION_KEY = "assisters.helping"
HELPED_PATHS = ("/apply/", "/enroll/", "/notices/", "/verifications/", "/appeals/")


class HelpingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if not key:
            return self.get_response(request)
        authorisation = actions.authorised(request.user, key)
        if authorisation is None:  # withdrawn, or another account signed in
            request.session.pop(SESSION_KEY, None)
            return self.get_response(request)
        request.helping = authorisation
        if not request.path.startswith(HELPED_PATHS):
            return self.get_response(request)
        helper = authorisation.assister
        request.helper_user = request.user
        request.user = authorisation.consumer
        who = acting.Helper(
            user=request.helper_user,
            on_behalf_of=authorisation.consumer,
            channel=helper.channel,
            name=helper.name,
            npn=helper.npn,
        )
        with acting.helping(who):
            return self.get_response(request)
