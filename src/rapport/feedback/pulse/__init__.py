"""The PMO service pulse: a periodic (quarterly) survey of each customer's stakeholders about the
PMO's service as a whole, not one project. It reuses the review machinery: the token hashing of
``services.links``, the outbox and its sender, the anonymity threshold of ``privacy`` and the
survey page templates. See docs/feedback.md, "The PMO service pulse"."""
