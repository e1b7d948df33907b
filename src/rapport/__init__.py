"""Rapport: run a PMO as a customer-centric service organization."""

__version__ = "0.1.0"
