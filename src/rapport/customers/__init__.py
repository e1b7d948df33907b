"""Customers: the business units and clients the PMO serves, and their stakeholders."""
