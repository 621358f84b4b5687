"""Large JSON columns compressed with LZ4 on PostgreSQL (ADR 0811): the same values, stored
with less of the database server's CPU."""

from django.db import migrations

from marketplace.core.compression import lz4


class Migration(migrations.Migration):
    dependencies = [("verifications", "0007_queue_indexes")]

    operations = [lz4("verifications_medicaidreferral", "record")]
