"""Legal forms of companies, as filers spell them, and the canonical label each stands for.

A company name on a manifest and the same name on a watch list often differ only in how the
legal form is written ("CO., LTD." or "COMPANY LIMITED", "GMBH" or "G.M.B.H."). Legal forms
are weak evidence of identity, so name matching sets them aside; the canonical labels are kept
so that an explanation can still show them. Phrases are written as they look after
:mod:`cargotarget.screening.normalise` has folded case, accents and punctuation (a dot after a
lone letter is dropped, so "S.A." reads "SA").
"""

from __future__ import annotations

_PHRASES: dict[str, tuple[str, ...]] = {
    "LTD": ("LTD", "LIMITED", "LTD STI", "LIMITED STI"),
    "CO": ("CO", "COMPANY", "CIA", "CIE", "COMPANIA", "COMPAGNIE"),
    "INC": ("INC", "INCORPORATED"),
    "CORP": ("CORP", "CORPORATION", "CORPN"),
    "LLC": ("LLC", "LIMITED LIABILITY COMPANY"),
    "LLP": ("LLP", "LIMITED LIABILITY PARTNERSHIP"),
    "LP": ("LP", "LIMITED PARTNERSHIP"),
    "PLC": ("PLC", "PUBLIC LIMITED COMPANY"),
    "PTE LTD": ("PTE", "PTE LTD", "PRIVATE LIMITED", "PVT", "PVT LTD", "PRIVATE LTD"),
    "PTY LTD": ("PTY", "PTY LTD", "PROPRIETARY LIMITED", "PROPRIETARY"),
    "GMBH": (
        "GMBH",
        "MBH",
        "GESELLSCHAFT MIT BESCHRANKTER HAFTUNG",
        "GESELLSCHAFT MBH",
    ),
    "AG": ("AG", "AKTIENGESELLSCHAFT"),
    "KG": ("KG", "KOMMANDITGESELLSCHAFT", "GMBH CO KG"),
    "SA": (
        "SA",
        "SOCIEDAD ANONIMA",
        "SOCIETE ANONYME",
        "SOCIEDADE ANONIMA",
        "SOCIETA PER AZIONI",
        "SPA",
        "SAPI",
        "SAA",
        "SAC",
    ),
    "SA DE CV": ("SA DE CV", "SA CV", "SAPI DE CV", "DE CV", "CV", "SRL DE CV"),
    "SAS": ("SAS", "SOCIEDAD POR ACCIONES SIMPLIFICADA", "SOCIETE PAR ACTIONS SIMPLIFIEE"),
    "SARL": ("SARL", "SOCIETE A RESPONSABILITE LIMITEE", "EURL"),
    "SRL": (
        "SRL",
        "SL",
        "SLU",
        "SOCIEDAD LIMITADA",
        "SOCIETA A RESPONSABILITA LIMITATA",
        "SOCIEDAD DE RESPONSABILIDAD LIMITADA",
        "SRO",
        "SP Z OO",
        "SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA",
    ),
    "LTDA": ("LTDA", "LIMITADA", "LDA", "EIRELI"),
    "SNC": ("SNC", "SCARL", "SCI"),
    "BV": ("BV", "BESLOTEN VENNOOTSCHAP"),
    "NV": ("NV", "NAAMLOZE VENNOOTSCHAP"),
    "AB": ("AB", "AKTIEBOLAG"),
    "AS": ("AS", "ASA", "APS", "OY", "OYJ", "ANONIM SIRKETI", "AKSJESELSKAP"),
    "AE": ("AE", "EPE", "IKE"),
    "SDN BHD": ("SDN BHD", "SENDIRIAN BERHAD", "BHD", "BERHAD"),
    "PT": ("PT", "TBK", "PERSEROAN TERBATAS"),
    "KK": ("KK", "KABUSHIKI KAISHA", "KABUSHIKIGAISHA", "GK", "YK"),
    "FZE": ("FZE", "FZCO", "FZC", "FZ LLC", "DMCC"),
    "JSC": (
        "JSC",
        "CJSC",
        "OJSC",
        "PJSC",
        "JOINT STOCK COMPANY",
        "CLOSED JOINT STOCK COMPANY",
        "OPEN JOINT STOCK COMPANY",
        "PUBLIC JOINT STOCK COMPANY",
        "ZAO",
        "OAO",
        "PAO",
        "AKTSIONERNOE OBSHCHESTVO",
    ),
    "OOO": (
        "OOO",
        "TOO",
        "OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU",
        "TOVARISHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU",
    ),
    "YOUXIAN GONGSI": ("YOUXIAN GONGSI", "YOUXIANGONGSI", "GONGSI"),
}
"""Canonical label -> the ways it is written, as token sequences separated by spaces."""

PHRASES: dict[tuple[str, ...], str] = {
    tuple(variant.split()): label for label, variants in _PHRASES.items() for variant in variants
}
"""Every written legal form, as a token tuple, mapped to its canonical label."""

LONGEST: int = max(len(phrase) for phrase in PHRASES)

FIRST_WORDS: frozenset[str] = frozenset(phrase[0] for phrase in PHRASES)
"""Tokens that can start a legal form: only these trigger the (slower) phrase lookup."""


def split_legal_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split ``tokens`` into the name proper and the canonical labels of its legal forms.

    The longest written form starting at each position wins, wherever it stands in the name
    (the Russian "OOO" and the Indonesian "PT" come first). A name made only of legal-form
    words ("COMPANY LIMITED") keeps them, since nothing else would be left to match on.
    """
    if FIRST_WORDS.isdisjoint(tokens):
        return tokens, []
    core: list[str] = []
    labels: list[str] = []
    position = 0
    while position < len(tokens):
        label, length = _phrase_at(tokens, position)
        if label is None:
            core.append(tokens[position])
            position += 1
        else:
            labels.append(label)
            position += length
    if not core:
        return tokens, []
    return core, labels


def _phrase_at(tokens: list[str], position: int) -> tuple[str | None, int]:
    """The legal form written at ``position`` (longest first) and how many tokens it takes."""
    if tokens[position] not in FIRST_WORDS:
        return None, 1
    for length in range(min(LONGEST, len(tokens) - position), 0, -1):
        label = PHRASES.get(tuple(tokens[position : position + length]))
        if label is not None:
            return label, length
    return None, 1
