#!/usr/bin/env python
"""Django's manage.py, kept for habit; ``rapport`` does the same."""

from rapport.cli import main

if __name__ == "__main__":
    main()
