"""/api/v1/: the public JSON API (marketplace.api.endpoints)."""

from django.urls import path

from marketplace.api.endpoints import api

urlpatterns = [path("", api.urls)]
