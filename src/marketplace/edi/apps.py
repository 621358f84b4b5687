from django.apps import AppConfig


class EdiConfig(AppConfig):
    name = "marketplace.edi"
    label = "edi"
    verbose_name = "EDI (834 files)"
