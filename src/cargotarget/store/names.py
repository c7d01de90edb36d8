"""The search key of a party name: upper case, accents removed, punctuation folded to spaces."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


def name_key(name: str) -> str:
    """``"Café  Trading Co., Ltd."`` -> ``"CAFE TRADING CO LTD"``."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub(" ", name.upper()).strip()
