"""Window shopping: /shop/ (no account)."""

from django.urls import path

from marketplace.shopping import views

app_name = "shopping"

urlpatterns = [
    path("", views.start, name="start"),
    path("household/", views.household, name="household"),
    path("estimate/", views.estimate, name="estimate"),
    path("plans/", views.plans, name="plans"),
    path("plans/<str:plan_id>/", views.plan_detail, name="plan"),
    path("compare/", views.compare, name="compare"),
    path("apply/", views.apply, name="apply"),
]
