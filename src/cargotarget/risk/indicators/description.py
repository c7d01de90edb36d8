"""Indicators on the goods description: vague wording, and words that do not fit the HS code."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from cargotarget.model.reference import hs_codes
from cargotarget.risk.indicators.context import Context, folded
from cargotarget.risk.indicators.names import fold, has_phrase
from cargotarget.risk.indicators.timeline import ROW


def vague_description(ctx: Context) -> pl.Expr:
    """The goods description does not say what the goods are: it uses a catch-all term such
    as FAK, "freight of all kinds", "general cargo", "said to contain", "consolidated",
    "parts", "machinery" or "foodstuffs", or it is very short, or missing, or the bill has no
    HS code. Vague descriptions are a common way to hide what is really shipped."""
    description = folded("description")
    letters = description.str.replace_all(r"[^\p{L}]", "").str.len_chars().fill_null(0)
    return (
        has_phrase(description, ctx.config.vague_terms)
        | (letters < ctx.config.min_description_letters)
        | pl.col("hs_code").is_null()
    )


@lru_cache(maxsize=1)
def hs_headings() -> pl.Series:
    """The HS 2022 headings (four digits)."""
    return pl.Series("code", [code for code in hs_codes() if len(code) == 4], dtype=pl.String)


def _stems(table: pl.DataFrame, column: str, ignored: tuple[str, ...]) -> pl.DataFrame:
    """``table`` with one row per meaningful word of folded text ``column``, cut to a stem
    (no trailing S, at most five letters) so that BANANA and BANANAS, TELEVISION and
    TELEVISIONS meet. Words shorter than three letters, with digits, or in ``ignored`` say
    nothing and are dropped."""
    word = pl.col("stem")
    return (
        table.with_columns(pl.col(column).str.split(" ").alias("stem"))
        .drop(column)
        .explode("stem")
        .filter(
            (word.str.len_chars() >= 3)
            & word.str.contains(r"^\p{L}+$")
            & ~word.is_in(list(ignored))
        )
        .with_columns(word.str.strip_suffix("S").str.head(5))
    )


@lru_cache(maxsize=4)
def hs_vocabulary(ignored: tuple[str, ...]) -> pl.DataFrame:
    """Every HS 2022 code (chapter, heading, subheading) with the stems of its text."""
    table = hs_codes()
    codes = pl.DataFrame({"code": list(table), "text": list(table.values())})
    return _stems(codes.with_columns(fold(pl.col("text"))), "text", ignored).unique()


@lru_cache(maxsize=4)
def _synonyms(pairs: tuple[tuple[str, str], ...], ignored: tuple[str, ...]) -> pl.DataFrame:
    words = pl.DataFrame({"word": [a for a, _ in pairs], "synonym": [b for _, b in pairs]})
    trade = _stems(words.with_row_index("pair"), "word", ())
    hs = _stems(words.select("synonym").with_row_index("pair"), "synonym", ignored)
    return trade.select("pair", "stem").join(
        hs.select("pair", pl.col("stem").alias("synonym")), on="pair"
    )


LEVELS = {"chapter": 2, "heading": 4, "subheading": 6}
"""The levels of the HS code whose text a description is compared with, by digits."""


def _description_stems(ctx: Context) -> pl.DataFrame:
    """``ROW``, the principal HS code at each level and each meaningful description stem (and
    its HS synonym when it has one), for bills whose HS heading is in the nomenclature."""
    config = ctx.config
    hs = ctx.text("hs_code").str.replace_all(r"[^0-9]", "")
    bills = ctx.frame.select(
        ROW,
        *(hs.str.head(digits).alias(level) for level, digits in LEVELS.items()),
        folded("description").alias("text"),
    )
    known = bills.filter(pl.col("heading").is_in(hs_headings().implode()))
    stems = _stems(known.drop_nulls("text"), "text", config.hs_ignored_words)
    synonyms = _synonyms(config.hs_synonyms, config.hs_ignored_words).drop("pair")
    translated = stems.join(synonyms, on="stem").drop("stem").rename({"synonym": "stem"})
    return pl.concat([stems, translated])


def hs_description_mismatch(ctx: Context) -> pl.Series:
    """The goods description shares no meaningful word with the text of the declared HS code
    (its chapter, heading or subheading in HS 2022), allowing common trade names such as
    "sneakers" for footwear. The goods may be misdescribed or misclassified. Unknown when the
    bill has no valid HS code or no description."""
    vocabulary = hs_vocabulary(ctx.config.hs_ignored_words)
    stems = _description_stems(ctx)
    matched = pl.concat(
        stems.join(
            vocabulary, left_on=[level, "stem"], right_on=["code", "stem"], how="inner"
        ).select(ROW)
        for level in LEVELS
    )
    judged = stems.select(ROW).unique()
    mismatch = pl.col(ROW).is_in(matched[ROW].implode()).not_()
    return ctx.aligned(judged.with_columns(mismatch.alias("mismatch")), "mismatch")
