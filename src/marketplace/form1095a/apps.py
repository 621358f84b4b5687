from django.apps import AppConfig


class Form1095AConfig(AppConfig):
    name = "marketplace.form1095a"
    label = "form1095a"
    verbose_name = "Form 1095-A"

    def ready(self) -> None:
        # The form as a notice kind: its PDF goes to the message center, and by mail to
        # people who chose paper, through the notices app (issue_notice takes any kind in
        # BUILDERS).
        from marketplace.form1095a import document

        document.register()
