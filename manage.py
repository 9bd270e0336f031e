#!/usr/bin/env python
"""Django's command-line utility for ChipWatch."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.local import ensure_var_dir

    ensure_var_dir()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
