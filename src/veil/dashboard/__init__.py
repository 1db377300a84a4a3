"""The dashboard: web pages over the audit log, served by the gateway under /_veil/ and by
`veil dashboard` on its own."""
