"""The audit log: append-only, hash-chained events of what veil found and did, and incidents."""
