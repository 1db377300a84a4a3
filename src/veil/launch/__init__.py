"""`veil run`: a client started pointed at a veil gateway, reused or started for the call."""
