"""Drop the pattern-operator indexes nobody reads (ADR 0825): no query of this app's
columns below uses LIKE; equality uses the ordinary index beside each."""

from django.db import migrations

from marketplace.core.pattern_indexes import drop_pattern_indexes


class Migration(migrations.Migration):
    dependencies = [("notices", "0010_notice_household")]

    operations = [
        drop_pattern_indexes(
            ("notices_notice", "related_id", "notices_notice_related_id_92a2a83d_like"),
            ("notices_notice", "status", "notices_notice_status_9f80b71f_like"),
        )
    ]
