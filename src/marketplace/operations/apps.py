from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "marketplace.operations"
    label = "operations"
    verbose_name = "Operations (health, metrics, logs, waiting room)"
