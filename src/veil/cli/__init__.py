"""The `veil` command line: one module per command, thin over the packages."""
