"""Large JSON columns compressed with LZ4 on PostgreSQL (ADR 0811): the same values, stored
with less of the database server's CPU."""

from django.db import migrations

from marketplace.core.compression import lz4


class Migration(migrations.Migration):
    dependencies = [("determinations", "0007_index_day_for_reports")]

    operations = [lz4("determinations_determination", "input_snapshot", "result")]
