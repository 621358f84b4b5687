"""Public pages: other ways to apply (on paper, by telephone, with an assister) and the
printable paper application in English and Spanish (applications/paper_form.py). No account
needed: anyone may print the form."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace.applications import paper_form
from marketplace.notices.render import RendererUnavailable


@require_GET
def other_ways(request):
    return render(request, "applications/other_ways.html", {})


@require_GET
def paper_pdf(request, language: str):
    if language not in paper_form.LANGUAGES:
        raise Http404
    try:
        made = paper_form.pdf(language)
    except RendererUnavailable:
        response = render(request, "applications/paper_unavailable.html", {}, status=503)
        response["Retry-After"] = "300"
        return response
    response = HttpResponse(made, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="application-{language}.pdf"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
