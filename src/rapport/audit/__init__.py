"""Audit log: every change made through a service function, with who, what and when."""
