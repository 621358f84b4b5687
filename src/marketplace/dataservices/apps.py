from django.apps import AppConfig


class DataServicesConfig(AppConfig):
    name = "marketplace.dataservices"
    label = "dataservices"
    verbose_name = "Data services (verification by data matching)"
