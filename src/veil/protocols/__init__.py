"""Wire formats, sans-IO: where a request's text slots are, and how to restore a response."""
