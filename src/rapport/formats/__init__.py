"""Rapport's own date formats, over Django's for the same language (``FORMAT_MODULE_PATH``)."""
