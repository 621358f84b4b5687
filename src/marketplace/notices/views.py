"""The account's message center: the person's notices and their PDFs.

A notice is looked up within the signed-in person's own rows: anyone else's notice is a 404,
never a 403 (no hint that it exists).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from marketplace.core.transactions import atomic_action
from marketplace.notices.jobs import render_notice
from marketplace.notices.models import Notice, NoticeStatus
from marketplace.notices.render import RendererUnavailable, html_page


@never_cache
@login_required
def message_center(request):
    notices = Notice.objects.filter(user=request.user).defer("pdf", "context")[:200]
    return render(request, "notices/message_center.html", {"notices": notices})


@never_cache
@login_required
def download(request, public_id):
    notice = get_object_or_404(Notice, public_id=public_id, user=request.user)
    if notice.status == NoticeStatus.QUEUED:
        try:
            notice = _render_now(notice)
        except RendererUnavailable:  # no PDF on this machine now: the notice as a web page
            return _as_page(notice)
        if notice.status == NoticeStatus.FAILED:  # the message center now says so
            return redirect("notices:message_center")
    if not notice.is_ready:
        raise Http404
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    filename = f"notice-{notice.kind}-{notice.created_at:%Y-%m-%d}-{str(notice.public_id)[:8]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@atomic_action
def _render_now(notice: Notice) -> Notice:
    """A notice whose PDF the batch run or its job has not made yet is rendered on demand
    (the same bytes they would store): a person can read it the moment it is issued."""
    return render_notice(Notice.objects.select_for_update().get(pk=notice.pk))


def _as_page(notice: Notice) -> HttpResponse:
    html = html_page(notice.kind, notice.language, notice.context, str(notice.public_id))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
