from django.apps import AppConfig


class DeterminationsConfig(AppConfig):
    name = "marketplace.determinations"
    verbose_name = "Determinations"
