"""Webhooks: outbox events POSTed, signed, to addresses an admin registered."""
