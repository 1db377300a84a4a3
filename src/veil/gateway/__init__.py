"""The HTTP gateway: OpenAI- and Anthropic-compatible endpoints that mask and restore."""
