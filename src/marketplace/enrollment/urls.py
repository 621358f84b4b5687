from django.urls import path

from marketplace.enrollment import casework, exception_pages, views

app_name = "enrollment"

urlpatterns = [
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<uuid:public_id>/", views.detail, name="detail"),
    path("coverage/<uuid:public_id>/end/", views.end, name="end"),
    path("coverage/<uuid:public_id>/aptc/", views.change_aptc, name="change_aptc"),
    path("exceptions/", views.exceptions, name="exceptions"),
    path("exceptions/<int:pk>/", exception_pages.exception_detail, name="exception"),
    path(
        "casework/<uuid:application_id>/",
        casework.application_enrollments,
        name="casework",
    ),
    path("<uuid:determination_id>/", views.plans, name="plans"),
    path("<uuid:determination_id>/plans/<str:plan_id>/", views.plan, name="plan"),
    path("<uuid:determination_id>/plans/<str:plan_id>/checkout/", views.checkout, name="checkout"),
]
