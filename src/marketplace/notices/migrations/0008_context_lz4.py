"""Large JSON columns compressed with LZ4 on PostgreSQL (ADR 0811): the same values, stored
with less of the database server's CPU."""

from django.db import migrations

from marketplace.core.compression import lz4


class Migration(migrations.Migration):
    dependencies = [("notices", "0007_renewal_kind")]

    operations = [lz4("notices_notice", "context")]
