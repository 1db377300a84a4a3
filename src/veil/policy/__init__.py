"""Policy: tiers, the provider registry, and the decision for each request."""
