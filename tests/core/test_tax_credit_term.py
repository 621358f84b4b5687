"""One term for the premium tax credit in each language, everywhere a person reads it:
"premium tax credit" (short: "tax credit"), as HealthCare.gov says, and "crédito fiscal
para la prima" (short: "crédito fiscal"), as CuidadoDeSalud.gov and CMS's Spanish notices
say (ADR 0601). Pages, notices, e-mails and API messages come from these sources."""

from __future__ import annotations

import re
from pathlib import Path

import marketplace

SRC = Path(marketplace.__file__).parent
ACA_RULES = SRC.parent / "aca_rules"


def _spanish_texts() -> list[tuple[Path, str]]:
    texts = []
    for po in SRC.rglob("locale/es/LC_MESSAGES/django.po"):
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', po.read_text(), re.M)
        texts.append((po, " ".join("".join(re.findall(r'"(.*)"', s)) for s in strings)))
    for module in [*SRC.rglob("*.py"), *ACA_RULES.rglob("*.py")]:
        texts.append((module, module.read_text()))
    for template in SRC.rglob("templates/**/*.txt"):
        texts.append((template, template.read_text()))
    return texts


def test_spanish_says_credito_fiscal_para_la_prima_everywhere():
    other_terms = re.compile(
        r"cr[ée]ditos? (tributari|impositiv|de impuestos)|subsidio", re.IGNORECASE
    )
    found = [
        (str(path.relative_to(SRC.parent)), match.group(0))
        for path, text in _spanish_texts()
        for match in other_terms.finditer(text)
    ]
    assert found == []


def test_the_spanish_catalogs_do_use_the_term():
    shopping = (SRC / "shopping/locale/es/LC_MESSAGES/django.po").read_text()
    assert 'msgstr "Crédito fiscal para la prima"' in shopping


def test_english_says_premium_tax_credit_not_another_name():
    other_terms = re.compile(r"(premium|tax) subsid|advance premium|advanced premium", re.I)
    found = []
    for template in SRC.rglob("templates/**/*.html"):
        found += [(template.name, m.group(0)) for m in other_terms.finditer(template.read_text())]
    for po in SRC.rglob("locale/es/LC_MESSAGES/django.po"):
        msgids = " ".join(re.findall(r'^msgid "(.*)"', po.read_text(), re.M))
        found += [
            (po.parent.parent.parent.parent.name, m.group(0)) for m in other_terms.finditer(msgids)
        ]
    assert found == []
