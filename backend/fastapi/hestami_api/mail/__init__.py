"""Outgoing email: a transactional outbox and the loop that delivers it."""
