"""Folded text and party keys, as Polars expressions.

Party history is kept by name, and the same company is filed as "Bananeras del Pacífico S.A.",
"BANANERAS DEL PACIFICO SA" and "Bananeras del Pacifico, S.A.". Text is folded (upper case,
accents removed, dots and apostrophes dropped, other punctuation to spaces) and a party key is the
folded name without legal forms (LTD, S.A., GMBH), so that these spellings share one history.
The same expressions key the current consignments and the history, so both always agree.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

#: Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = {"Ł": "L", "Ø": "O", "Æ": "AE", "Œ": "OE", "ß": "SS", "Đ": "D", "Þ": "TH"}

#: Legal forms of companies, as they read once folded. Multi-word forms come first so that
#: they are removed whole.
LEGAL_FORMS = (
    "S DE RL DE CV", "SA DE CV", "S DE RL", "SP Z OO", "SDN BHD", "PTE LTD", "PVT LTD",
    "CO LTD", "LIMITED", "LTD", "LTDA", "LLC", "LLP", "PLC", "INC", "INCORPORATED", "CORP",
    "CORPORATION", "CO", "GMBH", "AG", "KG", "OHG", "UG", "SA", "SAS", "SARL", "SRL", "SPA",
    "SL", "SLU", "SAC", "SAU", "SAPI", "CV", "RL", "BV", "NV", "OY", "OYJ", "AB", "AS", "APS",
    "KK", "PTY", "PTE", "PVT", "BHD", "SDN", "JSC", "OJSC", "PJSC", "OOO", "ZAO", "EIRL",
)  # fmt: skip

_LEGAL_PATTERN = r"\b(?:" + "|".join(LEGAL_FORMS) + r")\b"


def fold(text: pl.Expr) -> pl.Expr:
    """``text`` upper case, without accents, dots or apostrophes, other punctuation as single
    spaces, trimmed; NULL when nothing is left."""
    folded = (
        text.str.to_uppercase()
        .str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
        .str.replace_many(_UNDECOMPOSED)
        .str.replace_all(r"[.'’`]", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )
    return pl.when(folded.str.len_bytes() > 0).then(folded)


def without_legal_forms(folded: pl.Expr) -> pl.Expr:
    """A party key from a folded name: the name without legal forms (the folded name itself
    when it is nothing but legal forms)."""
    bare = folded.str.replace_all(_LEGAL_PATTERN, " ").str.replace_all(" +", " ").str.strip_chars()
    return pl.when(bare.str.len_bytes() > 0).then(bare).otherwise(folded)


def party_key(name: pl.Expr) -> pl.Expr:
    """The key a party's history is kept under: its folded name without legal forms."""
    return without_legal_forms(fold(name))


def words(folded: pl.Expr) -> pl.Expr:
    """The words of folded text, as a list (empty for NULL)."""
    return folded.fill_null("").str.split(" ").list.eval(pl.element().filter(pl.element() != ""))


def has_phrase(folded: pl.Expr, phrases: tuple[str, ...]) -> pl.Expr:
    """Whether folded text holds any of ``phrases`` as whole words (False for NULL)."""
    if not phrases:
        return pl.lit(False)
    padded = pl.concat_str(pl.lit(" "), folded.fill_null(""), pl.lit(" "))
    return padded.str.contains_any([f" {p} " for p in phrases])


_FEW = 32


def per_distinct(
    frame: pl.DataFrame, column: str, transform: Callable[[pl.Expr], pl.Expr]
) -> pl.Series:
    """``transform`` of text column ``column`` for every row of ``frame``, worked out once per
    distinct value: names, addresses and descriptions repeat from bill to bill, and folding
    text is far dearer than looking it up (but for a few rows, where the lookup costs more)."""
    if frame.height <= _FEW:
        return frame.select(transform(pl.col(column)).alias("_mapped"))["_mapped"]
    distinct = frame.select(pl.col(column).unique().drop_nulls())
    mapped = distinct.with_columns(transform(pl.col(column)).alias("_mapped"))
    rows = frame.select(column).join(mapped, on=column, how="left", maintain_order="left")
    return rows["_mapped"]
