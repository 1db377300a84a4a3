"""National identifiers: US social security numbers, UK National Insurance numbers.

An SSN with dashes (`123-45-6789` shape) stands on its own; nine bare digits (or spaced
`123 45 6789`) count only right after `ssn` / `social security`. Both must be numbers the SSA could
issue (area not 000, 666 or 9xx; group not 00; serial not 0000) and not a published one; the
gateway masks SSN-shaped numbers in every range (9xx are taxpayer ids).
"""

from __future__ import annotations

from veil.detect.base import Examples, PiiRule
from veil.detect.samples import DIGITS, fake
from veil.detect.validators import is_nino, is_ssn, is_ssn_shaped

_SSN_WORDS = r"(?=(?i:[s]))(?i:ssn|social[ _\-]?security(?:[ _\-]?(?:number|num|no))?)"

SSN_REGEX = r"(?=\d)(?<![\w\-.])(?P<secret>\d{3}-\d{2}-\d{4})(?![\w\-]|\.\d)"
SSN_CONTEXT_REGEX = (
    rf"{_SSN_WORDS}[\w\-]{{0,8}}[\"'`]?[ \t]*(?:[:=#]|=>|is)?[ \t]*[\"'`]?(?<![\w\-.])"
    r"(?P<secret>\d{3}[ ]?\d{2}[ ]?\d{4})(?![\w\-]|\.\d)"
)
NINO_REGEX = (
    r"(?=[A-Z])(?<![\w\-])(?P<secret>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"(?:\d{6}|[ ]\d{2}[ ]\d{2}[ ]\d{2}[ ])[A-D])(?![\w\-])"
)


def _ssn(seed: str) -> str:
    digits = fake(9, DIGITS, seed=seed)
    area = f"{int(digits[:3]) % 665 + 1:03d}"  # 001..665
    return f"{area}-{digits[3:5].replace('00', '17')}-{digits[5:].replace('0000', '4321')}"


def _nino(seed: str) -> str:
    first = fake(1, "ABCEGHJKLMNOPRSTWXYZ", seed=seed + "-1")
    second = fake(1, "ABCEGHJKLMNPRSTWXYZ", seed=seed + "-2")
    return f"{first}{second}{fake(6, DIGITS, seed=seed)}{fake(1, 'ABCD', seed=seed + '-3')}"


_SSN_A = _ssn("ssn-a")
_SSN_B = _ssn("ssn-b")
_NINO_A = _nino("nino-a")
_NINO_B = _nino("nino-b")

US_SSN = PiiRule(
    id="us-ssn",
    kind="us_ssn",
    regex=SSN_REGEX,
    validate=is_ssn,
    recall_validate=is_ssn_shaped,
    confidence=0.9,
    max_len=16,
    examples=Examples(
        positives=(
            f"SSN: {_SSN_A}",
            f'{{"tax_id": "{_SSN_B}"}}',
            f"employee,{_SSN_A},2019",
        ),
        negatives=(
            f"part 1{_SSN_A}",  # inside a longer number
            "released 2024-01-15",  # a date
        ),
        documented=(
            f"SSN: 000-{_SSN_A[4:]}",  # area 000 is never issued
            f"SSN: 666-{_SSN_A[4:]}",  # area 666 is never issued
            f"SSN: 9{_SSN_A[1:]}",  # 9xx areas are ITINs, not SSNs
            f"SSN: {_SSN_A[:4]}00{_SSN_A[6:]}",  # group 00
            "ssn = 078-05-1120",  # the Woolworth wallet card, voided
        ),
    ),
)

US_SSN_CONTEXT = PiiRule(
    id="us-ssn-context",
    kind="us_ssn",
    regex=SSN_CONTEXT_REGEX,
    keywords=("ssn", "social"),
    validate=is_ssn,
    recall_validate=is_ssn_shaped,
    confidence=0.9,
    max_len=64,
    examples=Examples(
        positives=(
            f"ssn={_SSN_A.replace('-', '')}",
            f"Social Security Number: {_SSN_B.replace('-', ' ')}",
            f'{{"SSN": "{_SSN_B.replace("-", "")}"}}',
        ),
        negatives=(
            f"order_id = {_SSN_A.replace('-', '')}",  # nine digits without the keyword
            f"ssn: {_SSN_A.replace('-', '')}12",  # eleven digits
        ),
        documented=(
            f"ssn_count: 9{_SSN_A.replace('-', '')[1:]}",  # a 9xx area is not an SSN
        ),
    ),
)

UK_NINO = PiiRule(
    id="uk-nino",
    kind="uk_nino",
    regex=NINO_REGEX,
    validate=is_nino,
    confidence=0.9,
    max_len=16,
    examples=Examples(
        positives=(
            f"NI number: {_NINO_A}",
            f"nino = '{_NINO_B[:2]} {_NINO_B[2:4]} {_NINO_B[4:6]} {_NINO_B[6:8]} {_NINO_B[8]}'",
            f"{{'national_insurance': '{_NINO_A}'}}",
        ),
        negatives=(
            "NI number: QQ 12 34 56 C",  # HMRC's example; Q is never a first letter
            f"nino: DA{_NINO_A[2:]}",  # D is never a first letter
            f"nino: GB{_NINO_A[2:]}",  # GB is never allocated
            f"nino: {_NINO_A[:8]}E",  # suffix is A-D
            f"id = X{_NINO_A}",  # inside a longer token
        ),
    ),
)

RULES = (US_SSN, US_SSN_CONTEXT, UK_NINO)
