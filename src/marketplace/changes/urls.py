from django.urls import path

from marketplace.changes import views

app_name = "changes"

urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("periods/", views.screener, name="screener"),
    path("periods/attest/", views.claim, name="claim"),
    path("reconciled/", views.reconciled_page, name="reconciled"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("staff/<uuid:application_id>/", views.staff_case, name="staff_case"),
    path("staff/<uuid:application_id>/report/", views.staff_report, name="staff_report"),
    path("staff/<uuid:application_id>/grant/", views.staff_grant, name="staff_grant"),
    path(
        "staff/changes/<uuid:public_id>/followups-done/",
        views.staff_followups_done,
        name="staff_followups_done",
    ),
]
