from django.apps import AppConfig


class AssistersConfig(AppConfig):
    name = "marketplace.assisters"
    label = "assisters"
    verbose_name = "Assisters and brokers"
