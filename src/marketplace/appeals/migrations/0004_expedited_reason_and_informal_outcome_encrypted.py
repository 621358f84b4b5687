"""The reason an expedited appeal was denied and the outcome of informal resolution encrypted
at rest (ADR 1007): both columns take the `_encrypted` name and every value already stored
in clear is encrypted with the field key (core/crypto.py), as the appeal's own reason is.

Reversible: going back decrypts the tokens into the old plaintext columns, which needs the
same MARKETPLACE_FIELD_KEY the forward step used (a token no current key opens stops the
reverse step with an error rather than losing the text).
"""

from django.db import migrations, models

from marketplace.core import crypto

FIELDS = ("expedited_reason_encrypted", "informal_outcome_encrypted")


def _is_token(value: str) -> bool:
    """A Fernet token starts with version byte 0x80 ("gA" in urlsafe base64) and decrypts:
    free text that happens to start with "gA" is not taken for one."""
    if not value.startswith("gA"):
        return False
    try:
        crypto.decrypt(value)
    except crypto.UnreadableField:
        return False
    return True


def _convert(apps, change) -> None:
    Appeal = apps.get_model("appeals", "Appeal")
    for field in FIELDS:
        rows = Appeal.objects.exclude(**{field: ""}).values_list("pk", field).order_by("pk")
        for pk, value in list(rows):  # appeals with these texts are few; no open cursor
            new = change(value)
            if new != value:
                Appeal.objects.filter(pk=pk).update(**{field: new})


def encrypt_texts(apps, schema_editor):
    _convert(apps, lambda value: value if _is_token(value) else crypto.encrypt(value))


def decrypt_texts(apps, schema_editor):
    _convert(apps, crypto.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0003_expedited_informal_hhs"),
    ]

    operations = [
        migrations.RenameField(
            model_name="appeal",
            old_name="expedited_reason",
            new_name="expedited_reason_encrypted",
        ),
        migrations.RenameField(
            model_name="appeal",
            old_name="informal_outcome",
            new_name="informal_outcome_encrypted",
        ),
        migrations.RunPython(encrypt_texts, decrypt_texts, elidable=False),
    ]
