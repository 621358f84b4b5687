from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_totp_secret_encrypted"),
    ]

    operations = [
        migrations.AddField(
            model_name="signinthrottle",
            name="window_started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
