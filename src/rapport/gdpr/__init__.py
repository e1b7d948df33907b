"""Personal data (GDPR): a stakeholder's data exported as one JSON file, erased, and erased after
a retention period without contact (docs/privacy.md, "Personal data")."""
