"""TOTP secrets encrypted at rest (ADR 0300): the column becomes `totp_secret_encrypted` and
every secret already stored in clear is encrypted with the field key (core/crypto.py).

Reversible: going back decrypts the tokens into the old plaintext column, which needs the
same MARKETPLACE_FIELD_KEY the forward step used (a token no current key opens stops the
reverse step with an error rather than losing the secret).
"""

from django.db import migrations, models

from marketplace.core import crypto

# A Fernet token starts with version byte 0x80 ("gA" in urlsafe base64); a base32 secret is
# upper-case letters and digits 2-7 only, so the two cannot be confused.
_TOKEN_PREFIX = "gA"


def encrypt_secrets(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    rows = User.objects.exclude(totp_secret_encrypted="").values_list("pk", "totp_secret_encrypted")
    for pk, value in list(rows):  # MFA users are few; no cursor open while updating
        if not value.startswith(_TOKEN_PREFIX):
            User.objects.filter(pk=pk).update(totp_secret_encrypted=crypto.encrypt(value))


def decrypt_secrets(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    rows = User.objects.exclude(totp_secret_encrypted="").values_list("pk", "totp_secret_encrypted")
    for pk, value in list(rows):  # MFA users are few; no cursor open while updating
        if value.startswith(_TOKEN_PREFIX):
            User.objects.filter(pk=pk).update(totp_secret_encrypted=crypto.decrypt(value))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="user", old_name="totp_secret", new_name="totp_secret_encrypted"
        ),
        migrations.AlterField(
            model_name="user",
            name="totp_secret_encrypted",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=False),
    ]
