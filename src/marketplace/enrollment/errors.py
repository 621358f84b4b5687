"""The one error an enrollment action raises when the rules do not allow a change."""

from __future__ import annotations


class EnrollmentError(Exception):
    """A change the rules do not allow; `code` names it for the page."""

    def __init__(self, code: str, message: str = ""):
        self.code = code
        super().__init__(message or code)
