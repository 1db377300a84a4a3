"""Setting veil up in a repository: `veil.toml` from a preset, suggestions, the commit hook."""
