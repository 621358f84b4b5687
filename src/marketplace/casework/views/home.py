"""Casework home: where a caseworker starts (find a household, the work queues), showing only
what the worker's role allows."""

from __future__ import annotations

from django.shortcuts import render

from marketplace.casework.gate import Can, staff_page


@staff_page(Can.VIEW)
def home(request):
    return render(request, "casework/home.html", {})
