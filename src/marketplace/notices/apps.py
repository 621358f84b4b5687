from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "marketplace.notices"
    label = "notices"
    verbose_name = "Notices"
