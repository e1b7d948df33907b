"""Accounts: users, their roles, API tokens and the permission layer every app asks."""
