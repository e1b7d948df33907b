"""The JSON API under ``/api/``: one NinjaAPI, a router per app, auth by session or token."""
