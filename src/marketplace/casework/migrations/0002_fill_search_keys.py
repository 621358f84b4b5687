"""The search keys of the people and applications saved before casework existed."""

from django.db import migrations


def fill(apps, schema_editor):
    from marketplace.casework.search_index import rebuild

    rebuild(
        member_model=apps.get_model("applications", "Member"),
        application_model=apps.get_model("applications", "Application"),
        key_model=apps.get_model("casework", "SearchKey"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_search_keys"),
        ("applications", "0003_application_carried"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
