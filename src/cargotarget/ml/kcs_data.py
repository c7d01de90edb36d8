"""The Customs Import Declaration Datasets of the Korea Customs Service (KCS): reading the three
published splits and checking them before anything is trained on them.

The files are the unchanged public copies (Jeong, Kim, Park, Choi 2022; 54,000 synthetic
declarations). The published protocol splits them by date: train is 2020, valid is the first
quarter of 2021, test the second. A file that is missing, cut short, malformed or far larger
than the published one is refused with a message naming the file and the problem, never read
in part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

#: Where the splits live, relative to the project's checkout.
DEFAULT_DIRECTORY = Path("../shared/data/kcs-customs-declarations")

#: The published files are 0.9 to 4 MB; anything far larger is not one of them.
MAX_FILE_BYTES = 64 * 1024 * 1024

TARGET = "Fraud"
CRITICAL = "Critical Fraud"

#: The columns of the published files in their order, with the type each is read as. Codes
#: are read as text: an HS code or an ID is a name, not a quantity.
SCHEMA: dict[str, pl.DataType] = {
    "Declaration ID": pl.Int64(),
    "Date": pl.String(),
    "Office ID": pl.Int64(),
    "Process Type": pl.String(),
    "Import Type": pl.Int64(),
    "Import Use": pl.Int64(),
    "Payment Type": pl.Int64(),
    "Mode of Transport": pl.Int64(),
    "Declarant ID": pl.String(),
    "Importer ID": pl.String(),
    "Seller ID": pl.String(),
    "Courier ID": pl.String(),
    "HS10 Code": pl.String(),
    "Country of Departure": pl.String(),
    "Country of Origin": pl.String(),
    "Tax Rate": pl.Float64(),
    "Tax Type": pl.String(),
    "Country of Origin Indicator": pl.String(),
    "Net Mass": pl.Float64(),
    "Item Price": pl.Float64(),
    TARGET: pl.Int64(),
    CRITICAL: pl.Int64(),
}

#: Columns the published files leave empty for some declarations (no seller, no courier).
OPTIONAL = frozenset({"Seller ID", "Courier ID"})

AMOUNTS = ("Net Mass", "Item Price", "Tax Rate")


@dataclass(frozen=True)
class Split:
    """One published split: its file and the dates its declarations must fall in."""

    name: str
    file: str
    first: date
    last: date


SPLITS = (
    Split("train", "df_syn_train_eng.csv", date(2020, 1, 1), date(2020, 12, 31)),
    Split("valid", "df_syn_valid_eng.csv", date(2021, 1, 1), date(2021, 3, 31)),
    Split("test", "df_syn_test_eng.csv", date(2021, 4, 1), date(2021, 6, 30)),
)


class KcsDataError(Exception):
    """The data set cannot be used as it is: the message says which file and why."""


@dataclass(frozen=True)
class KcsData:
    """The three splits, each checked, with ``Date`` as a date and HS codes of ten digits."""

    train: pl.DataFrame
    valid: pl.DataFrame
    test: pl.DataFrame

    def sample(self, fraction: float, seed: int = 0) -> KcsData:
        """The same fraction of each split, drawn at random but kept in date order: a small
        run that exercises the whole protocol in seconds."""

        def part(frame: pl.DataFrame) -> pl.DataFrame:
            drawn = frame.with_row_index("_row").sample(fraction=fraction, seed=seed)
            return drawn.sort("_row").drop("_row")

        return KcsData(train=part(self.train), valid=part(self.valid), test=part(self.test))


def load_kcs(directory: Path) -> KcsData:
    """Read and check the three splits in ``directory``."""
    if not directory.is_dir():
        raise KcsDataError(
            f"{directory} is not a directory: the KCS data set is expected there "
            f"(the published files {', '.join(s.file for s in SPLITS)}); give --data DIR"
        )
    train, valid, test = (load_split(directory / split.file, split) for split in SPLITS)
    return KcsData(train=train, valid=valid, test=test)


def load_split(path: Path, split: Split) -> pl.DataFrame:
    """One split's file, refused whole if any row breaks the published format."""
    if not path.is_file():
        raise KcsDataError(f"{path}: file not found (the {split.name} split of the KCS data)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise KcsDataError(f"{path}: {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
    _check_header(path)
    try:
        frame = pl.read_csv(path, schema=SCHEMA, has_header=True)
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise KcsDataError(f"{path}: not a readable KCS file: {first_line}") from error
    if frame.height == 0:
        raise KcsDataError(f"{path}: no declarations")
    return _checked(path, split, frame)


def _check_header(path: Path) -> None:
    with path.open("rb") as file:
        first = file.readline(4096).decode("utf-8", errors="replace").strip().lstrip("\ufeff")
    found = [name.strip().strip('"') for name in first.split(",")]
    if found != list(SCHEMA):
        missing = [name for name in SCHEMA if name not in found]
        detail = f"missing {', '.join(missing)}" if missing else "columns in another order"
        raise KcsDataError(f"{path}: not the published KCS header ({detail})")


def _checked(path: Path, split: Split, frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with parsed dates and padded HS codes, after checking every value the
    benchmark relies on. Row numbers in messages count the header as line 1."""
    required = [name for name in SCHEMA if name not in OPTIONAL]
    nulls = frame.select(pl.any_horizontal(pl.col(required).is_null()).arg_true().first())
    if nulls.item() is not None:
        raise KcsDataError(f"{path}: line {nulls.item() + 2} is cut short or has empty fields")
    dates = frame["Date"].str.to_date("%Y-%m-%d", strict=False)
    bad = _first_true(dates.is_null() | (dates < split.first) | (dates > split.last))
    if bad is not None:
        raise KcsDataError(
            f"{path}: line {bad + 2}: date {frame['Date'][bad]!r} is not within the "
            f"{split.name} split ({split.first} to {split.last})"
        )
    checks = {
        f"{TARGET} must be 0 or 1": ~frame[TARGET].is_in([0, 1]),
        f"{CRITICAL} must be 0, 1 or 2": ~frame[CRITICAL].is_in([0, 1, 2]),
        "HS10 Code must be up to ten digits": ~frame["HS10 Code"].str.contains(r"^\d{1,10}$"),
        "Net Mass, Item Price and Tax Rate must be finite, not negative": frame.select(
            pl.any_horizontal((pl.col(AMOUNTS) < 0) | ~pl.col(AMOUNTS).is_finite())
        ).to_series(),
    }
    for message, failing in checks.items():
        row = _first_true(failing)
        if row is not None:
            raise KcsDataError(f"{path}: line {row + 2}: {message}")
    if frame["Declaration ID"].n_unique() != frame.height:
        raise KcsDataError(f"{path}: a Declaration ID appears twice")
    return frame.with_columns(
        dates.alias("Date"), pl.col("HS10 Code").str.zfill(10).alias("HS10 Code")
    )


def _first_true(mask: pl.Series) -> int | None:
    found = mask.arg_true()
    return int(found[0]) if len(found) else None
