from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "marketplace.applications"
    verbose_name = "Applications"
