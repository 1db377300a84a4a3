"""Secrets in the named fields of structured config: XML elements and attributes
(`<twilioAuthToken>`, `<add key="ApiSecret" value="..."/>`) and name/value pairs (Kubernetes
`env`, ECS task definitions, Terraform), where the name and the value stand apart.

Values must look random, as for `generic-secret`; passwords in the same places are in `passwords`.
"""

from __future__ import annotations

from veil.detect.base import Examples, SecretRule
from veil.detect.samples import ALNUM, B64, B64URL, HEX, fake
from veil.detect.secrets.generic import (
    BENIGN_AHEAD,
    GENERIC_FILTERS,
    SECRET_NAME,
    XML_TAGS,
    has_entropy,
    name_value_pair,
)

# --- test values ----------------------------------------------------------------------------

_SECRET1 = fake(32, ALNUM, seed="fields-1")
_SECRET2 = fake(40, B64, seed="fields-2")
_SECRET3 = fake(24, B64URL, seed="fields-3")
_HEX32 = fake(32, HEX, seed="fields-hex32")
_SECRET4 = fake(36, ALNUM, seed="fields-4")

# --- rules -----------------------------------------------------------------------------------

SECRET_XML = SecretRule(
    id="secret-xml",
    kind="generic_secret",
    regex=(
        rf"""(?:(?<!\?P)<(?:{SECRET_NAME})(?:[ \t][^<>]*)?>"""
        rf"""|<{XML_TAGS}\b[^<>]*?\b(?:key|name)[ \t]*=[ \t]*["'](?:{SECRET_NAME})["']"""
        r"""(?:[^<>]*?\bvalue[ \t]*=[ \t]*["']|[^<>]*>))"""
        r"""(?P<secret>[^<>\s"']{16,})(?=</|["'][ \t]*/?>|["'][ \t]+[\w:\-]+[ \t]*=)"""
    ),
    keywords=("key", "secret", "token", "auth", "credential"),
    validate=has_entropy,
    filters=GENERIC_FILTERS,
    confidence=0.6,
    generic=True,
    max_len=1024,
    examples=Examples(
        positives=(
            f"<twilioAuthToken>{_HEX32}</twilioAuthToken>",
            f'<property name="aws.secret.access.key" value="{_SECRET2}"/>',
            f'<add key="ApiSecret" value="{_SECRET1}" />',
            f'<entry key="jwt.signing.key">{_SECRET3}</entry>',
            f'<SessionSecret encrypted="false">{_SECRET4}</SessionSecret>',
        ),
        negatives=(
            "<apiKey>${env.API_KEY}</apiKey>",  # template
            '<add key="CacheKey" value="' + fake(24, ALNUM, seed="xml-cache") + '" />',  # cache
            "<signingKey>/etc/keys/signing.pem</signingKey>",  # a path
            '<xs:element name="accessToken" type="xs:string"/>',  # a schema
            "<token>" + "ab12" * 6 + "</token>",  # no entropy
            "<token>" + fake(14, HEX, seed="xml-elided") + "...</token>",  # elided
            "<monkey>" + _SECRET1 + "</monkey>",  # not a key: a word that ends in `key`
        ),
    ),
)

SECRET_NAME_VALUE_PAIR = SecretRule(
    id="secret-name-value-pair",
    kind="generic_secret",
    regex=name_value_pair(
        rf"{BENIGN_AHEAD}(?:{SECRET_NAME})",
        r"""["'`]?(?P<secret>[A-Za-z0-9_\-+/=.~!@#$%^*]{16,})(?=["'`]|[ \t]*(?:[\r\n,}]|$))""",
    ),
    keywords=("key", "secret", "token", "auth", "credential"),
    validate=has_entropy,
    filters=GENERIC_FILTERS,
    confidence=0.65,
    generic=True,
    max_len=1024,
    examples=Examples(
        positives=(
            f"      env:\n        - name: AWS_SECRET_ACCESS_KEY\n          value: {_SECRET2}\n",
            f'            - name: TWILIO_AUTH_TOKEN\n              value: "{_HEX32}"',
            f'{{"name": "DD_API_KEY", "value": "{_HEX32}"}}',
            f'"environment": [\n  {{\n    "name": "SESSION_SECRET",\n    "value": "{_SECRET1}"',
            f'env {{\n  name  = "WEBHOOK_TOKEN"\n  value = "{_SECRET3}"\n}}',
        ),
        negatives=(
            "- name: DB_SECRET\n  valueFrom:\n    secretKeyRef: {name: db, key: pw}",  # a reference
            "- name: API_KEY\n  value: $(API_KEY)",  # template
            '- name: NEXT_PUBLIC_ANON_KEY\n  value: "'
            + fake(40, ALNUM, seed="pair-pub")
            + '"',  # public by design
            "- name: POD_NAME\n  value: " + fake(20, ALNUM, seed="pair-pod"),  # not a secret name
            "- name: API_TOKEN\n  value: " + "ab" * 10,  # no entropy
            "- name: SIGNING_KEY\n  value: /var/run/secrets/signing/tls.key",  # a path
        ),
    ),
)


RULES = (SECRET_XML, SECRET_NAME_VALUE_PAIR)
