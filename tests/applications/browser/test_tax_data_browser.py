"""The tax data question in a real browser, in English and Spanish with axe: answered on the
signature page, then changed from the dashboard's link on "Your tax data and renewals"
(45 CFR 155.335(k)(1); ADR 0840)."""

from __future__ import annotations

import pytest

from marketplace.applications.models import Application
from tests.applications.browser.journey_support import journey, submit
from tests.applications.conftest import make_user
from tests.browser_support import assert_accessible

WORDS = {
    "en": ("Back to your application", "Change how we use your tax data", "for 1 year."),
    "es": ("Volver a su solicitud", "Cambiar cómo usamos sus datos tributarios", "durante 1 año."),
}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es"])
def test_chosen_when_signing_then_changed_from_the_dashboard(live, page_factory, language):
    make_user("maria@example.org", preferred_language=language)
    tab = page_factory(javascript=False, locale="es-ES" if language == "es" else "en-US")
    tab.context.add_cookies([{"name": "marketplace_language", "value": language, "url": live}])
    journey(tab, live, "maria@example.org", renewal_years=3)
    application = Application.objects.get()
    assert application.renewal_years == 3
    back, change, saved = WORDS[language]
    tab.get_by_role("link", name=back).first.click()
    tab.get_by_role("link", name=change).click()
    assert_accessible(tab)
    assert str(application.renewal_authorized_through) in tab.inner_text("#tax-data-status")
    assert tab.locator("input[name=renewal_years][value='3']").is_checked()  # as signed
    label = tab.locator("input[name=renewal_years][value='1']").get_attribute("id")
    tab.click(f"label[for='{label}']")
    submit(tab)
    assert_accessible(tab)
    assert saved in tab.inner_text("main")
    application.refresh_from_db()
    assert (application.renewal_years, application.renewal_authorized_through) == (
        1,
        application.coverage_year + 1,
    )
