import pytest


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
