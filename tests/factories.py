"""Test values built at run time, so the repository holds no real-looking credentials."""

from __future__ import annotations

from veil.detect.samples import B32, B64, fake


def aws_key_id(seed: str = "t") -> str:
    """An AWS-shaped access key id (test value)."""
    return "AKIA" + fake(16, B32, seed=f"factory-aws-id-{seed}")


def aws_secret(seed: str = "t") -> str:
    """An AWS-shaped secret access key (test value)."""
    return fake(40, B64, seed=f"factory-aws-secret-{seed}")


def aws_pair_config(seed: str = "t") -> str:
    """A config snippet with an AWS key pair (test values)."""
    return f"aws_access_key_id = {aws_key_id(seed)}\naws_secret_access_key = {aws_secret(seed)}\n"
