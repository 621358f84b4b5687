from django.apps import AppConfig


class ProvidersAndDrugsConfig(AppConfig):
    """Find your doctor and your drugs: the issuers' machine-readable provider and formulary
    files (CMS QHP format), their search, and which plans cover what a person chose."""

    name = "marketplace.providers_and_drugs"
    label = "providers_and_drugs"
    verbose_name = "Providers and drugs"

    def ready(self):
        # The demo catalog's load (a lower layer's hook) also loads the demo issuers' files.
        from marketplace.catalog.signals import demo_catalog_loaded
        from marketplace.providers_and_drugs.demo.loader import load_demo_files

        demo_catalog_loaded.connect(load_demo_files, dispatch_uid="providers_and_drugs.demo")
