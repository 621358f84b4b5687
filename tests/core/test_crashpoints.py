"""Crash points that carry a value (core/crashpoints.py): the 834 export's cut file uses one."""

from __future__ import annotations

from marketplace.core import crashpoints


def test_a_point_may_carry_a_value_and_production_arms_none(monkeypatch, settings):
    monkeypatch.setenv(crashpoints.CRASH_ENV, "edi.export.write:3000, edi.export.after_rename")
    assert crashpoints.armed_value("edi.export.write") == "3000"
    assert crashpoints.armed_value("edi.export.after_rename") == ""
    assert crashpoints.armed("edi.export.after_rename")
    assert crashpoints.armed_value("edi.export") is None
    assert not crashpoints.armed("applications.submit.before_commit")
    settings.PRODUCTION = True
    assert crashpoints.armed_value("edi.export.write") is None
    crashpoints.crash_point("edi.export.after_rename")  # and it did not kill us
