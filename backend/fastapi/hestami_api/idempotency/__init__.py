"""Idempotency-Key: a retried creating POST returns the first response, creates nothing."""
