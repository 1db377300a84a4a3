"""Builders for the two shapes most services' keys take, so a family declares a service in a few
lines and still gets a rule with its own examples:

- `prefixed`: a token that announces itself (`phc_...`, `sl.B...`): found anywhere, high confidence.
- `service_named`: an unprefixed value (32 hex, a UUID, 40 alphanumerics) known only because the
  name it is assigned to mentions the service (`POSTHOG_PERSONAL_API_KEY=`, `snyk:\\n  token:`).

Each builder derives near misses from the sample (cut short, inside a longer token, without the
service's name); a declaration adds the positives and negatives only it knows.
"""

from __future__ import annotations

import re

from veil.detect.base import SERVICE_KEY, Examples, Rule, SecretRule, Validator, assigned, named
from veil.detect.base import token as whole_token
from veil.detect.filters import LITERAL, Filter

# The characters that continue an unprefixed value: `=` too, so a base64 value is not cut short.
_VALUE_CHARS = r"[A-Za-z0-9_\-+/=]"


def prefixed(
    *,
    kind: str,
    body: str,
    sample: str,
    keywords: tuple[str, ...],
    env: str,
    positives: tuple[str, ...] = (),
    negatives: tuple[str, ...] = (),
    documented: tuple[str, ...] = (),
    entropy: float | None = 3.0,
    validate: Validator | None = None,
    confidence: float = 0.95,
    max_len: int = 256,
    chars: str = r"[A-Za-z0-9_\-]",
    filters: tuple[Filter, ...] = LITERAL,
) -> Rule:
    """A token with its issuer's prefix in `body` (a regex), found wherever it stands.

    `sample` is a test value `body` matches; `env` the variable a user would keep it in. The
    derived negatives are the sample cut by a quarter and the sample inside a longer token, so
    `body` must have a minimum length and end on a token boundary.
    """
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=whole_token(body, chars),
        keywords=keywords,
        entropy=entropy,
        validate=validate,
        confidence=confidence,
        max_len=max_len,
        filters=filters,
        examples=Examples(
            positives=(f"{env}={sample}", f'{{"{env.lower()}": "{sample}"}}', *positives),
            negatives=(
                f"{env}={sample[: len(sample) * 3 // 4]}",  # cut short
                f"{env}=x{sample}x",  # inside a longer token
                *negatives,
            ),
            documented=documented,
        ),
    )


def service_named(
    *,
    kind: str,
    service: str,
    value: str,
    sample: str,
    env: str,
    key: str = SERVICE_KEY,
    positives: tuple[str, ...] = (),
    negatives: tuple[str, ...] = (),
    documented: tuple[str, ...] = (),
    keywords: tuple[str, ...] | None = None,
    entropy: float | None = 3.0,
    validate: Validator | None = None,
    confidence: float = 0.75,
    max_len: int = 256,
) -> Rule:
    """An unprefixed `value` (a regex) assigned to a name that mentions `service` (a regex of its
    names, lower case) and ends in `key` (a regex: by default api key, key, token or secret).

    `sample` is a test value `value` matches; `env` the variable name of the first positive,
    which must mention the service and end in a `key` word (`POSTHOG_API_KEY`). Derived examples:
    the same value as `api_key` in a YAML block named after the service's first keyword
    (positive, when `key` takes `api_key`); the value with no
    service named, the value cut by a third, the value inside a longer token (negatives).
    """
    words = keywords if keywords is not None else tuple(service.split("|"))
    head = words[0]
    return SecretRule(
        id=kind.replace("_", "-"),
        kind=kind,
        regex=assigned(named(service, key), value, _VALUE_CHARS),
        keywords=words,
        entropy=entropy,
        validate=validate,
        confidence=confidence,
        max_len=max_len,
        examples=Examples(
            positives=(
                f"{env}={sample}",
                *(
                    (f'{head}:\n  api_key: "{sample}"',)
                    if re.fullmatch(key, "api_key", re.I)
                    else ()
                ),
                *positives,
            ),
            negatives=(
                f"API_KEY={sample}",  # no service named
                f"{env}={sample[: len(sample) * 2 // 3]}",  # cut short
                f"{env}={sample}{sample[:6]}",  # inside a longer value
                *negatives,
            ),
            documented=documented,
        ),
    )
