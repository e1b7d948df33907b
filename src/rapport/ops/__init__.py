"""Operations: the worker's heartbeat and resilience, the health check, the database set-up."""
