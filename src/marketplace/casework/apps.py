from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "marketplace.casework"
    label = "casework"
    verbose_name = "Casework"
