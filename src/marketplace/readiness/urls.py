from django.urls import path

from marketplace.readiness import views

app_name = "readiness"

urlpatterns = [
    path("", views.rules_status, name="rules_status"),
]
