"""Code-aware work with tree-sitter: which language a piece of text is, where its comments and
docstrings are, and whether a comment reads as business context."""
