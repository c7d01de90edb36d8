"""Watch-list screening: typed entries, list loaders, name normalisation, a candidate index,
scored name hits that explain themselves, and exact screening of coded values.

Everything here is pure: loaders take bytes, text, paths or streams and return entries plus
problems; screeners are built in memory from entries.
"""

from cargotarget.screening.csv_lists import load_csv
from cargotarget.screening.entries import EntryKind, Severity, WatchEntry, normal_value
from cargotarget.screening.ftm import load_ftm
from cargotarget.screening.hits import NameHit
from cargotarget.screening.matcher import DEFAULT_THRESHOLD, BatchScreening, Screener
from cargotarget.screening.normalise import NameForm, name_key, normalise_address, normalise_name
from cargotarget.screening.scoring import ALGORITHM, WordMatch, name_score, word_cover
from cargotarget.screening.text_input import LoadResult
from cargotarget.screening.values import FiledValue, ValueHit, ValueScreen, consignment_values

__all__ = [
    "ALGORITHM",
    "DEFAULT_THRESHOLD",
    "BatchScreening",
    "EntryKind",
    "FiledValue",
    "LoadResult",
    "NameForm",
    "NameHit",
    "Screener",
    "Severity",
    "ValueHit",
    "ValueScreen",
    "WatchEntry",
    "WordMatch",
    "consignment_values",
    "load_csv",
    "load_ftm",
    "name_key",
    "name_score",
    "normal_value",
    "normalise_address",
    "normalise_name",
    "word_cover",
]
