from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "marketplace.applications"
    verbose_name = "Applications"

    def ready(self):
        from marketplace.accounts import identity
        from marketplace.applications.identity_facts import applicant_facts

        identity.register_known_facts(applicant_facts)
        # The notice to a tax filer who is not the account holder (ADR 0108).
        from marketplace.applications import ftr_notice

        ftr_notice.register()
