from django.urls import path

from marketplace.verifications import views

app_name = "verifications"

urlpatterns = [
    path("", views.my_items, name="mine"),
    path("<uuid:public_id>/upload/", views.upload, name="upload"),
    path("documents/<uuid:public_id>/", views.document_file, name="document"),
]
