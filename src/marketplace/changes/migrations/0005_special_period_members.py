# The members a special enrollment period is for (45 CFR 155.420(a)(5), per person).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("changes", "0004_reported_change_periods_refused"),
    ]

    operations = [
        migrations.AddField(
            model_name="specialenrollmentperiod",
            name="members",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
