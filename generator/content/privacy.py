"""Personal data in text: resident ID numbers (errors) and mobile numbers (warnings)."""

from __future__ import annotations

import re

_ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _valid_id(number: str) -> bool:
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _WEIGHTS))
    return _CHECK[total % 11] == number[17].upper()


def find_id_numbers(text: str) -> list[str]:
    """18-digit resident ID numbers with a valid check digit (身份证号)."""
    return [m.group() for m in _ID_NUMBER.finditer(text) if _valid_id(m.group())]


def find_mobiles(text: str) -> list[str]:
    """Mainland mobile numbers such as 138 1234 5678."""
    return [m.group() for m in _MOBILE.finditer(text)]


def might_hold_numbers(texts: list[str]) -> bool:
    """Whether any of `texts` may hold an ID or mobile number (one search over them all:
    most files hold neither)."""
    joined = "\n".join(texts)  # a line break is no digit: no match starts or ends across texts
    return bool(_ID_NUMBER.search(joined) or _MOBILE.search(joined))


def mask(number: str) -> str:
    """Show enough of a number to find it, not enough to repeat it in logs."""
    digits = number.replace(" ", "").replace("-", "")
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
