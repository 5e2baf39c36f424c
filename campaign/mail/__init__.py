"""Email: rendering, the durable outbox, and the delivery backends."""
