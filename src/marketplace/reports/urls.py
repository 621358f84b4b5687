from django.urls import path

from marketplace.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("open-enrollment/", views.open_enrollment_report, name="open_enrollment"),
]
