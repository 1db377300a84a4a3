"""Private keys and signed tokens: PEM, OpenSSH, PGP and PuTTY key files, private JSON Web Keys,
JSON Web Tokens.

Key blocks are reported whole, from BEGIN to END, also where they sit inside a JSON string with
`\\n` escapes (a GCP service-account file), a YAML block scalar or a concatenated code string.
Public keys and certificates never match. Keystore and PKCS#12 passwords are passwords: see
`generic`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

from veil.detect.base import Examples, SecretRule
from veil.detect.entropy import shannon_entropy
from veil.detect.samples import B64, B64URL, HEX, fake

# What may stand between the armor lines of a key block: base64, line breaks and indentation,
# `\n` escapes and string quotes/concatenation of code, and `Name: value` headers. Never `--`:
# a block ends at the first armor line after its BEGIN, which keeps scanning linear.
_BODY = r"""(?:[A-Za-z0-9+/=\s\\"',:]|-(?!-))*"""
_B64_LINE = re.compile(r"[A-Za-z0-9+/=]*")
_ARMOR = re.compile(r"-----(?:BEGIN|END) [A-Z0-9 ]+-----")
_CONCAT = re.compile(r"""["']\s*\+?\s*["']""")


def _body_lines(block: str) -> list[str]:
    """The lines between the armor lines, unescaped and stripped of quotes and indentation."""
    inner = _ARMOR.sub("\n", block)
    inner = inner.replace("\\\\", "\\")  # a JSON document inside a code string: `\\n`
    inner = inner.replace("\\r", "\n").replace("\\n", "\n").replace("\\t", " ")
    inner = _CONCAT.sub("\n", inner).replace('"', "").replace("'", "").replace("\\", "")
    return [line.strip() for line in inner.splitlines() if line.strip()]


def _base64_body(block: str, *, min_chars: int) -> str | None:
    """The base64 payload of an armored block (headers dropped), or None for a placeholder."""
    lines = [line for line in _body_lines(block) if ": " not in line]
    if lines and lines[-1].startswith("=") and len(lines[-1]) == 5:
        lines = lines[:-1]  # PGP armor checksum
    if not lines or not all(_B64_LINE.fullmatch(line) for line in lines):
        return None
    body = "".join(lines)
    if len(body) < min_chars or shannon_entropy(body) < 4.0 or "xxxxxx" in body.lower():
        return None
    return body


def _is_pem_private_key(value: str) -> bool:
    return _base64_body(value, min_chars=60) is not None


def _is_openssh_private_key(value: str) -> bool:
    body = _base64_body(value, min_chars=120)
    return body is not None and body.startswith("b3BlbnNzaC1rZXktdjE")  # "openssh-key-v1"


def _is_pgp_private_key(value: str) -> bool:
    return _base64_body(value, min_chars=120) is not None


_PPK_PRIVATE_LINES = re.compile(r"Private-Lines:[ \t]*\d+((?:\s+[A-Za-z0-9+/=]+(?=\s))+)")


def _is_putty_private_key(value: str) -> bool:
    m = _PPK_PRIVATE_LINES.search(value + "\n")
    if m is None:
        return False
    body = "".join(m.group(1).split())
    return len(body) >= 40 and shannon_entropy(body) >= 3.5


def _b64url_json(part: str) -> object:
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        return json.loads(raw)
    except (binascii.Error, ValueError):
        return None


def _is_jwt(value: str) -> bool:
    """A signed (JWS) or encrypted (JWE) token whose header and claims decode to JSON objects."""
    parts = value.split(".")
    header = _b64url_json(parts[0])
    if not isinstance(header, dict) or not isinstance(header.get("alg"), str):
        return False
    if len(parts) == 5:
        return "enc" in header and len(parts[3]) >= 16
    claims = _b64url_json(parts[1])
    if len(parts) != 3 or not isinstance(claims, dict) or len(parts[2]) < 16:
        return False
    if header["alg"].lower() == "none":
        return False  # unsigned: carries no secret and cannot be replayed as a credential
    return not (claims.get("sub") == "1234567890" and claims.get("name") == "John Doe")


# --- test values ----------------------------------------------------------------------------


def _lines(body: str, width: int = 64) -> list[str]:
    return [body[i : i + width] for i in range(0, len(body), width)]


def _pem(label: str, body: str, sep: str = "\n", indent: str = "") -> str:
    rows = [f"-----BEGIN {label}-----", *_lines(body), f"-----END {label}-----"]
    return sep.join(indent + row for row in rows)


def _b64url(data: object) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _jwt(header: object, claims: object, signature: str) -> str:
    return f"{_b64url(header)}.{_b64url(claims)}.{signature}"


_RSA = "MIIEpAIBAAKCAQEA" + fake(1572, B64, seed="pem-rsa")
_PKCS8 = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + fake(1600, B64, seed="pem-pkcs8")
_EC = "MHcCAQEEI" + fake(211, B64, seed="pem-ec")
_DSA = "MIIBuwIBAAKBgQ" + fake(430, B64, seed="pem-dsa")
_ENC = "MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI" + fake(1200, B64, seed="pem-enc")
_CERT = "MIIDdzCCAl+gAwIBAgIE" + fake(1200, B64, seed="pem-cert")
_PUB = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + fake(348, B64, seed="pem-pub")
_SSH = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
_OPENSSH = _SSH + fake(330, B64, seed="openssh-ed25519")
_OPENSSH_RSA = _SSH + fake(2500, B64, seed="openssh-rsa")
_PGP = fake(1800, B64, seed="pgp-private")
_PPK_PUBLIC = "AAAAC3NzaC1lZDI1NTE5AAAAI" + fake(43, B64, seed="ppk-public")
_PPK_PRIVATE = "AAAAI" + fake(43, B64, seed="ppk-private")
_PPK_MAC = fake(64, HEX, seed="ppk-mac")

_SSH_RSA_PUBLIC = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + fake(300, B64, seed="ssh-pub") + " a@b"
_HS256 = {"alg": "HS256", "typ": "JWT"}
_JWT_IO_CLAIMS = {"sub": "1234567890", "name": "John Doe", "iat": 1516239022}
_JUNK = fake(143, B64URL, seed="jwt-junk")
_CLAIMS = {"sub": fake(12, HEX, seed="jwt-sub"), "iat": 1716239022, "exp": 1716242622}
_JWT = _jwt(_HS256, _CLAIMS, fake(43, B64URL, seed="jwt-hs256"))
_JWT_RS = _jwt(
    {"alg": "RS256", "kid": fake(16, HEX, seed="jwt-kid")},
    {"iss": "https://auth.internal", "aud": "api", "scope": "read write", **_CLAIMS},
    fake(342, B64URL, seed="jwt-rs256"),
)
_JWE = ".".join(
    (
        _b64url({"alg": "dir", "enc": "A256GCM"}),
        "",
        fake(16, B64URL, seed="jwe-iv"),
        fake(120, B64URL, seed="jwe-ciphertext"),
        fake(22, B64URL, seed="jwe-tag"),
    )
)


PRIVATE_KEY = SecretRule(
    id="private-key",
    kind="private_key",
    regex=(
        r"-----BEGIN[ ](?P<label>(?:(?:RSA|EC|DSA|ENCRYPTED|ANY)[ ])?)PRIVATE[ ]KEY-----"
        rf"{_BODY}-----END[ ](?P=label)PRIVATE[ ]KEY-----"
    ),
    keywords=("private key-----",),
    validate=_is_pem_private_key,
    filters=(),
    confidence=0.99,
    max_len=16000,
    examples=Examples(
        positives=(
            _pem("RSA PRIVATE KEY", _RSA),
            _pem("PRIVATE KEY", _PKCS8, sep="\r\n"),
            "tls:\n  key: |\n" + _pem("EC PRIVATE KEY", _EC, indent="    ") + "\n",
            _pem("DSA PRIVATE KEY", _DSA),
            _pem("ENCRYPTED PRIVATE KEY", _ENC),
            # GCP service-account JSON: one string with `\n` escapes
            '{"type": "service_account", "private_key": "'
            + _pem("PRIVATE KEY", _PKCS8[:1200], sep="\\n")
            + '\\n", "client_email": "ci@proj.iam.gserviceaccount.com"}',
            # the same JSON inside a Java string: quotes and `\\n` escaped once more
            'String creds = "{\\"type\\":\\"service_account\\",\\"private_key\\":\\"'
            + _pem("PRIVATE KEY", _PKCS8[:1200], sep="\\\\n")
            + '\\\\n\\"}";',
            # legacy OpenSSL encryption, with headers
            _pem("RSA PRIVATE KEY", _RSA).replace(
                "KEY-----\n",
                "KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
                + fake(32, HEX, seed="dek-iv").upper()
                + "\n\n",
                1,
            ),
            # a key in code, one string per line
            'KEY = (\n    "-----BEGIN PRIVATE KEY-----\\n"\n'
            + "".join(f'    "{row}\\n"\n' for row in _lines(_PKCS8[:640]))
            + '    "-----END PRIVATE KEY-----\\n"\n)',
        ),
        negatives=(
            _pem("CERTIFICATE", _CERT),  # a certificate is public
            _pem("PUBLIC KEY", _PUB),  # a public key
            _pem("RSA PUBLIC KEY", _PUB),  # a public key
            "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----",  # elided
            "-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----",  # template
            "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n",  # elided, JSON
            _pem("RSA PRIVATE KEY", _RSA[:40]),  # too short to be a key
            _pem("PRIVATE KEY", "A" * 400),  # filler, no entropy
            _pem("RSA PRIVATE KEY", _RSA)[:-30],  # truncated: no END line
            _SSH_RSA_PUBLIC,  # an OpenSSH public key
            _pem("OPENSSH PRIVATE KEY", _OPENSSH),  # an OpenSSH key is its own rule
        ),
    ),
)


def _openssh(body: str, sep: str = "\n") -> str:
    rows = ["-----BEGIN OPENSSH PRIVATE KEY-----", *_lines(body, 70)]
    return sep.join([*rows, "-----END OPENSSH PRIVATE KEY-----"])


OPENSSH_PRIVATE_KEY = SecretRule(
    id="openssh-private-key",
    kind="ssh_private_key",
    regex=(
        rf"-----BEGIN[ ]OPENSSH[ ]PRIVATE[ ]KEY-----{_BODY}"
        r"-----END[ ]OPENSSH[ ]PRIVATE[ ]KEY-----"
    ),
    keywords=("openssh private key",),
    validate=_is_openssh_private_key,
    filters=(),
    confidence=0.99,
    max_len=16000,
    examples=Examples(
        positives=(
            _openssh(_OPENSSH),
            "$ cat ~/.ssh/id_rsa\n" + _openssh(_OPENSSH_RSA) + "\n",
            'ssh_key: "' + _openssh(_OPENSSH, sep="\\n") + '"',
            "deploy_key: |\n" + "\n".join("  " + row for row in _openssh(_OPENSSH).split("\n")),
        ),
        negatives=(
            _SSH_RSA_PUBLIC,  # a public key
            "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----",  # elided
            _openssh(fake(400, B64, seed="openssh-wrong")),  # not the openssh-key-v1 format
            _openssh(_OPENSSH)[:-40],  # truncated: no END line
            "---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3NzaC1yc2E"
            + fake(200, B64, seed="ssh2-pub")
            + "\n---- END SSH2 PUBLIC KEY ----",  # a public key
        ),
    ),
)


def _pgp(kind: str, body: str, sep: str = "\n") -> str:
    rows = [f"-----BEGIN PGP {kind} KEY BLOCK-----", "Version: GnuPG v2", ""]
    rows += [
        *_lines(body),
        "=" + fake(4, B64, seed="pgp-crc"),
        f"-----END PGP {kind} KEY BLOCK-----",
    ]
    return sep.join(rows)


PGP_PRIVATE_KEY = SecretRule(
    id="pgp-private-key-block",
    kind="pgp_private_key",
    regex=(
        r"-----BEGIN[ ]PGP[ ]PRIVATE[ ]KEY[ ]BLOCK-----(?:[^-]|-(?!----))*"
        r"-----END[ ]PGP[ ]PRIVATE[ ]KEY[ ]BLOCK-----"
    ),
    keywords=("pgp private key block",),
    validate=_is_pgp_private_key,
    filters=(),
    confidence=0.99,
    max_len=16000,
    examples=Examples(
        positives=(
            _pgp("PRIVATE", _PGP),
            "gpg --export-secret-keys --armor ops@corp\n" + _pgp("PRIVATE", _PGP[:900]),
            '{"signing_key": "' + _pgp("PRIVATE", _PGP[:600], sep="\\n") + '"}',
            _pgp("PRIVATE", _PGP).replace(
                "Version: GnuPG v2", "Comment: https://keys.example.org - user@example.com"
            ),
        ),
        negatives=(
            _pgp("PUBLIC", _PGP),  # a public key block
            _pgp("PRIVATE", "..."),  # elided
            "-----BEGIN PGP SIGNATURE-----\n\n" + fake(80, B64, seed="pgp-sig") + "\n"
            "-----END PGP SIGNATURE-----",  # a signature is public
            _pgp("PRIVATE", _PGP)[:-40],  # truncated: no END line
        ),
    ),
)


def _ppk(private: str = _PPK_PRIVATE, encryption: str = "none", version: int = 3) -> str:
    return "\n".join(
        (
            f"PuTTY-User-Key-File-{version}: ssh-ed25519",
            f"Encryption: {encryption}",
            "Comment: eddsa-key-20240101",
            "Public-Lines: 2",
            *_lines(_PPK_PUBLIC),
            "Private-Lines: 1",
            private,
            f"Private-MAC: {_PPK_MAC}",
        )
    )


PUTTY_PRIVATE_KEY = SecretRule(
    id="putty-private-key",
    kind="ssh_private_key",
    regex=(
        r"PuTTY-User-Key-File-[1-3]:[^\r\n]*"
        r"(?:\r?\n[ \t]*(?:[\w\-]+:[^\r\n]*|[A-Za-z0-9+/=]+))*?"
        r"\r?\n[ \t]*Private-Lines:[ \t]*\d+(?:\r?\n[ \t]*[A-Za-z0-9+/=]+)+"
        r"\r?\n[ \t]*Private-(?:MAC|Hash):[ \t]*[0-9a-fA-F]+"
    ),
    keywords=("putty-user-key-file-",),
    validate=_is_putty_private_key,
    filters=(),
    confidence=0.98,
    max_len=8000,
    examples=Examples(
        positives=(
            _ppk(),
            _ppk(encryption="aes256-cbc", version=2).replace("\n", "\r\n"),
            "$ cat deploy.ppk\n" + _ppk() + "\n$ ",
        ),
        negatives=(
            _ppk().split("Private-Lines")[0],  # public part only
            _ppk(private="AAAAIxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),  # placeholder
            "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none",  # header only
        ),
    ),
)

JWT = SecretRule(
    id="jwt",
    kind="json_web_token",
    regex=(
        r"(?<![A-Za-z0-9_\-.])(?P<secret>eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]+"
        r"(?:\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)?)(?![A-Za-z0-9_\-]|\.[A-Za-z0-9_\-])"
    ),
    keywords=("eyj",),
    validate=_is_jwt,
    filters=(),
    confidence=0.9,
    max_len=8192,
    examples=Examples(
        positives=(
            f"Authorization: Bearer {_JWT}",
            f'{{"id_token": "{_JWT_RS}", "token_type": "Bearer"}}',
            f"SESSION_JWT={_JWT}",
            f"curl -H 'Authorization: Bearer {_JWT_RS}' https://api.internal/v1/me",
            f"Cookie: next-auth.session-token={_JWE}; Path=/",
            f"the token is {_JWT}.",
        ),
        negatives=(
            _jwt({"alg": "none"}, _CLAIMS, ""),  # unsigned: no signature, no secret
            _jwt({"alg": "none"}, _CLAIMS, fake(20, B64URL, seed="jwt-none")),  # alg none, signed?
            _jwt({"typ": "JWT"}, _CLAIMS, fake(43, B64URL, seed="jwt-noalg")),  # header: no alg
            _jwt(_HS256, _JWT_IO_CLAIMS, fake(43, B64URL, seed="jwt-io")),  # jwt.io's example
            f"eyJ{_JUNK[:40]}.{_JUNK[40:100]}.{_JUNK[100:]}",  # not JSON: only looks like a JWT
            f"x{_JWT}",  # inside a longer token
            _JWT.rsplit(".", 1)[0] + ".abc",  # signature too short
        ),
    ),
)


def _jwk(**members: str) -> str:
    return json.dumps(members)


_JWK_N = fake(342, B64URL, seed="jwk-n")
_JWK_RSA = _jwk(kty="RSA", kid="k1", n=_JWK_N, e="AQAB", d=fake(342, B64URL, seed="jwk-d"))
_JWK_EC = _jwk(
    kty="EC",
    crv="P-256",
    x=fake(43, B64URL, seed="jwk-x"),
    y=fake(43, B64URL, seed="jwk-y"),
    d=fake(43, B64URL, seed="jwk-ec-d"),
)
_JWK_OCT = _jwk(kty="oct", alg="HS256", k=fake(43, B64URL, seed="jwk-k"))

# A JSON Web Key (RFC 7517/7518) holding private or symmetric material: `d` of an RSA, EC or OKP
# key, `k` of an `oct` key. The reported secret is that member; a public JWK has neither.
JWK_PRIVATE_KEY = SecretRule(
    id="jwk-private-key",
    kind="private_key",
    regex=(
        r"""\{(?=[^{}]{0,8000}?"kty"\s*:\s*"(?:RSA|EC|OKP|oct)")[^{}]{0,8000}?"""
        r'"(?:d|k)"\s*:\s*"(?P<secret>[A-Za-z0-9_\-]{32,}={0,2})"'
    ),
    keywords=('"kty"',),
    entropy=4.0,
    filters=(),
    confidence=0.95,
    max_len=16000,
    examples=Examples(
        positives=(
            _JWK_RSA,
            '{"keys": [' + _JWK_EC + "]}",
            _JWK_OCT,
            "JWKS_PRIVATE='" + _JWK_EC.replace(" ", "") + "'",
        ),
        negatives=(
            _jwk(kty="RSA", kid="k1", n=_JWK_N, e="AQAB"),  # a public key
            _jwk(kty="EC", crv="P-256", x=fake(43, B64URL, seed="jwk-x2"), d="..."),  # elided
            '{"d": "' + fake(43, B64URL, seed="jwk-nokty") + '"}',  # no key type: not a JWK
        ),
    ),
)

RULES = (PRIVATE_KEY, OPENSSH_PRIVATE_KEY, PGP_PRIVATE_KEY, PUTTY_PRIVATE_KEY, JWT, JWK_PRIVATE_KEY)
