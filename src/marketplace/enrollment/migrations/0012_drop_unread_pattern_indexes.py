"""Drop the pattern-operator indexes nobody reads (ADR 0825): no query of this app's
columns below uses LIKE; equality uses the ordinary index beside each."""

from django.db import migrations

from marketplace.core.pattern_indexes import drop_pattern_indexes


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0011_benchmark_of_the_members_enrolled")]

    operations = [
        drop_pattern_indexes(
            ("enrollment_enrollment", "policy_id", "enrollment_enrollment_policy_id_3aa4b7ec_like"),
            (
                "enrollment_enrollment",
                "subscriber_id",
                "enrollment_enrollment_subscriber_id_15273a16_like",
            ),
            (
                "enrollment_enrollmentmember",
                "member_id",
                "enrollment_enrollmentmember_member_id_a41e5b84_like",
            ),
        )
    ]
