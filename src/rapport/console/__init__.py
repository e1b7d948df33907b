"""The PMO console shell: base layout, navigation by role, per-role home pages."""
