"""Demo data: a realistic, deterministic PMO portfolio for trying Rapport and for tests."""
