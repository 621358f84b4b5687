"""The authorization to use tax data at renewal becomes a number of years (0 to 5) and the last
plan year it covers (45 CFR 155.335(k)(1); ADR 0840): a box checked before covered the plan
years up to five after the year the application was signed (ADR 0807), and still does."""

from django.db import migrations, models


def years_from_the_box(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    checked = Application.objects.filter(attest_renewal=True)
    for application in checked.exclude(signed_on=None).only("signed_on"):
        application.renewal_years = 5
        application.renewal_authorized_through = application.signed_on.year + 5
        application.save(update_fields=["renewal_years", "renewal_authorized_through"])


def box_from_the_years(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Application.objects.filter(renewal_years__gt=0).update(attest_renewal=True)


class Migration(migrations.Migration):
    dependencies = [("applications", "0009_member_medicaid_chip_denied")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="renewal_years",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="application",
            name="renewal_authorized_through",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(years_from_the_box, box_from_the_years),
        migrations.RemoveField(model_name="application", name="attest_renewal"),
    ]
