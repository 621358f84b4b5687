"""Find your doctor and your drugs: /find/ (anyone), /find/files/ (staff)."""

from django.urls import path

from marketplace.providers_and_drugs import views

app_name = "providers_and_drugs"

urlpatterns = [
    path("", views.find, name="find"),
    path("files/", views.file_imports, name="file_imports"),
]
