"""How the apps below the health review tell it that its inputs changed, without importing it.

Answers, reviews and actions (feedback) and delivery statuses (portfolio's importer) change what
the health review reads; ``insights`` sits above them and connects its receivers in its
``AppConfig.ready`` (``insights/receivers.py``).
"""

from __future__ import annotations

from django.dispatch import Signal

# Ask for a coalesced recompute soon. Keyword arguments: ``project_id`` (None: every project) and
# ``period`` ("YYYY-MM": from that month on; None: every month). Send it after the commit.
health_inputs_changed = Signal()

# Recompute every project's health now, in this process (the import command, which reports the
# result). Keyword argument: ``by``. Each receiver returns its summary (snapshots, alerts_opened,
# seconds).
health_recompute_now = Signal()
