"""`.venv/bin/marketplace`: Django's management commands plus the exchange's own."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    from django.core.management import execute_from_command_line

    from marketplace.env import SettingError

    try:
        execute_from_command_line(["marketplace", *sys.argv[1:]])
    except SettingError as exc:  # a bad environment variable: its message names it
        sys.stderr.write(f"marketplace: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
