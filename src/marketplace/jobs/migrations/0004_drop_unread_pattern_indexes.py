"""Drop the pattern-operator indexes nobody reads (ADR 0825): equality uses the ordinary
index beside each; the one prefix search of `dedupe_key` (form1095a/schedule.py) asks for
one `kind` first, whose ordinary index finds the few jobs of that kind."""

from django.db import migrations

from marketplace.core.pattern_indexes import drop_pattern_indexes


class Migration(migrations.Migration):
    dependencies = [("jobs", "0003_worker_heartbeat_and_request_id")]

    operations = [
        drop_pattern_indexes(
            ("jobs_job", "dedupe_key", "jobs_job_dedupe_key_b6fac13e_like"),
            ("jobs_job", "status", "jobs_job_status_383f1641_like"),
            ("jobs_job", "kind", "jobs_job_kind_28d89374_like"),
        )
    ]
