from django.urls import path

from marketplace.jobs import views

app_name = "jobs"

urlpatterns = [
    path("exceptions/", views.exceptions, name="exceptions"),
]
