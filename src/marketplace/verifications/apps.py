from django.apps import AppConfig


class VerificationsConfig(AppConfig):
    name = "marketplace.verifications"
    label = "verifications"
    verbose_name = "Verifications and Medicaid referrals"
