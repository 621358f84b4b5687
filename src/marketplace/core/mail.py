"""The embedded e-mail backend: Django's file backend with private files.

Each message (address, name, sign-in and reset links) is written under EMAIL_FILE_PATH as a
0600 file in a 0700 folder (core/files.py); Django's own backend leaves them 0644.
"""

from __future__ import annotations

import os

from django.core.mail.backends.filebased import EmailBackend

from marketplace.core.files import DIR_MODE, FILE_MODE


class PrivateFileEmailBackend(EmailBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, DIR_MODE)

    def open(self):
        if self.stream is None:
            path = self._get_filename()
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
            os.fchmod(descriptor, FILE_MODE)
            self.stream = os.fdopen(descriptor, "ab")
            return True
        return False
