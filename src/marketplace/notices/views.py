"""The account's message center: the person's notices and their PDFs.

A notice is looked up within the signed-in person's own rows: anyone else's notice is a 404,
never a 403 (no hint that it exists).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from marketplace.notices.models import Notice


@never_cache
@login_required
def message_center(request):
    notices = Notice.objects.filter(user=request.user).defer("pdf", "context")[:200]
    return render(request, "notices/message_center.html", {"notices": notices})


@never_cache
@login_required
def download(request, public_id):
    notice = get_object_or_404(Notice, public_id=public_id, user=request.user)
    if not notice.is_ready:
        raise Http404
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    filename = f"notice-{notice.kind}-{notice.created_at:%Y-%m-%d}-{str(notice.public_id)[:8]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
