"""Drop the pattern-operator indexes nobody reads (ADR 0825): no query of this app's
columns below uses LIKE; equality uses the ordinary index beside each."""

from django.db import migrations

from marketplace.core.pattern_indexes import drop_pattern_indexes


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        drop_pattern_indexes(
            ("audit_auditevent", "object_id", "audit_auditevent_object_id_3d6dccfb_like"),
            ("audit_auditevent", "action", "audit_auditevent_action_2131bb77_like"),
        )
    ]
