"""Each stored determination's `unconfirmed_values` moved out of its result into the
`LawValuesUsed` row of its list, kept once per distinct list (docs/adr/0818); reversed, put
back. The record is the same either way (`Determination.full_result`).

The one change of stored determinations' rows: their content is not changed, only where a
part of it is kept. On PostgreSQL the distinct lists are found by the server (`jsonb`
equality) and the rows moved in one statement; elsewhere row by row."""

import json

from django.db import migrations

from marketplace.determinations.law_values import digest

KEY = "unconfirmed_values"
CHUNK = 2000


def forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        _forward_sql(apps, schema_editor)
        return
    Determination = apps.get_model("determinations", "Determination")
    LawValuesUsed = apps.get_model("determinations", "LawValuesUsed")
    rows = Determination.objects.filter(law_values__isnull=True).order_by("id")
    known = set(LawValuesUsed.objects.values_list("digest", flat=True))
    for pk, version, result in rows.values_list("id", "rules_version", "result").iterator(CHUNK):
        if not isinstance(result, dict) or KEY not in result:
            continue
        values = result.pop(KEY)
        key = digest(values)
        if key not in known:
            LawValuesUsed.objects.create(digest=key, values=values, rules_version=version)
            known.add(key)
        Determination.objects.filter(pk=pk).update(law_values_id=key, result=result)


def _forward_sql(apps, schema_editor) -> None:
    LawValuesUsed = apps.get_model("determinations", "LawValuesUsed")
    known = set(LawValuesUsed.objects.values_list("digest", flat=True))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT ON (result -> %s) result -> %s, rules_version"
            " FROM determinations_determination WHERE law_values_id IS NULL AND result ? %s"
            " ORDER BY result -> %s, id",
            [KEY, KEY, KEY, KEY],
        )
        for text, version in cursor.fetchall():
            values = json.loads(text) if isinstance(text, str) else text  # jsonb comes as text
            key = digest(values)
            if key not in known:
                LawValuesUsed.objects.create(digest=key, values=values, rules_version=version)
                known.add(key)
        cursor.execute(
            "UPDATE determinations_determination AS d"
            " SET law_values_id = v.digest, result = d.result - %s"
            " FROM determinations_lawvaluesused AS v"
            " WHERE d.law_values_id IS NULL AND d.result ? %s AND d.result -> %s = v.values",
            [KEY, KEY, KEY],
        )


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE determinations_determination AS d"
            " SET result = d.result || jsonb_build_object(%s, v.values), law_values_id = NULL"
            " FROM determinations_lawvaluesused AS v WHERE d.law_values_id = v.digest",
            [KEY],
        )
        return
    Determination = apps.get_model("determinations", "Determination")
    LawValuesUsed = apps.get_model("determinations", "LawValuesUsed")
    lists = dict(LawValuesUsed.objects.values_list("digest", "values"))
    rows = Determination.objects.filter(law_values__isnull=False).order_by("id")
    for pk, key, result in rows.values_list("id", "law_values_id", "result").iterator(CHUNK):
        Determination.objects.filter(pk=pk).update(
            law_values_id=None, result={**result, KEY: lists[key]}
        )


class Migration(migrations.Migration):
    dependencies = [("determinations", "0009_law_values_used")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
