"""What each report holds, for one reader: plain functions that return a template context.

Every figure comes from the functions the console pages use (stored health snapshots, the
charter scorecard, the disclosure layer's counts), with the same permission checks, so a report
shows exactly what its reader may see on the page it summarises. Nothing here computes a figure
from answers.
"""
