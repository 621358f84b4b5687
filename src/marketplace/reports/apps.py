from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "marketplace.reports"
    label = "reports"
    verbose_name = "Officials' reports"
