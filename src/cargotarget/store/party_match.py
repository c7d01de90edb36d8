"""Party names as an officer types them: the typed name anywhere in a party's name, or a name
close to it despite a slip of the keyboard or a word left out (``BANANERAS DEL PACIFCO`` finds
``BANANERAS DEL PACIFICO S A``)."""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, or_, select

from cargotarget.store import tables as t

#: How alike (0-100, rapidfuzz's token sort ratio, legal forms left out) a stored name must be
#: to the typed one: the whole name, so that a shared word such as TRADING is not enough.
LIKENESS = 90
#: Words of legal form, and single letters (``S A`` of ``S.A.``), that tell no party apart.
LEGAL_FORMS = frozenset(
    {"LTD", "LIMITED", "INC", "CORP", "CORPORATION", "CO", "COMPANY", "LLC", "SA", "SAS", "SRL"}
    | {"GMBH", "AG", "BV", "NV", "PLC", "PTE", "PVT"}
)
#: Names compared at most (those sharing the start of a typed word), and names kept.
CANDIDATES, KEPT = 20_000, 50


def _core(key: str) -> str:
    return " ".join(w for w in key.split() if len(w) > 1 and w not in LEGAL_FORMS)


def similar_names(conn: Connection, key: str) -> list[str]:
    """Stored party name keys like ``key`` (a name key, see :func:`store.names.name_key`),
    the most alike first."""
    words = [word for word in key.split() if len(word) >= 4]
    if not words:
        return []
    name = t.party.c.name_key
    sharing = or_(*(name.like(f"%{word[:4]}%") for word in words))
    query = select(name).where(sharing).distinct().limit(CANDIDATES)
    names: list[str] = [row[0] for row in conn.execute(query)]
    found: list[tuple[Any, float, int]] = process.extract(
        key,
        names,
        scorer=fuzz.token_sort_ratio,
        processor=_core,
        score_cutoff=LIKENESS,
        limit=KEPT,
    )
    return [str(match[0]) for match in found]
