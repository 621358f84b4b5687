"""The addresses staff pages had before they moved under /casework/ (ADR 1000).

Each answers a permanent redirect (308, so a form posted to the old address is posted again
to the new one with its method and body) to the same page under /casework/; the page itself
then applies the staff gate. Bookmarks and links in old e-mails keep working.
"""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse


class _Moved(HttpResponsePermanentRedirect):
    status_code = 308


def _to(name: str):
    def moved(request, **kwargs):
        target = reverse(f"casework:{name}", kwargs=kwargs)
        query = request.META.get("QUERY_STRING", "")
        return _Moved(f"{target}?{query}" if query else target)

    return moved


urlpatterns = [
    path("account/review/identity/", _to("identity_queue")),
    path("account/review/identity/<uuid:public_id>/", _to("identity_document")),
    path("account/review/identity/<uuid:public_id>/file/", _to("identity_file")),
    path("verifications/review/", _to("verification_queue")),
    path("verifications/review/<uuid:public_id>/", _to("verification_item")),
    path("enroll/exceptions/", _to("edi_exceptions")),
    path("enroll/exceptions/<int:pk>/", _to("edi_exception")),
    path("enroll/casework/<uuid:application_id>/", _to("enrollments")),
    path("work/exceptions/", _to("work_exceptions")),
]
