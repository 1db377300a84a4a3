"""The VeilError hierarchy. Messages name rules, keys and paths, never matched values."""


class VeilError(Exception):
    """Base of every error veil raises on purpose."""


class ConfigError(VeilError):
    """A configuration file or option is invalid."""


class RuleError(VeilError):
    """A detection rule is malformed or fails its own examples."""


class UsageError(VeilError):
    """A command was called with arguments that cannot work."""
