"""The one path every entry point shares: find (slots -> findings), decide, transform (mask),
and the stream hook through which every answer is restored."""
