"""Fictitious company and person names in the styles of the trading countries.

A company name is a stem (words in the country's style plus a trade word) and a legal form; the
same company is sometimes filed under another spelling of its legal form ("CO., LTD." or
"COMPANY LIMITED"), as real filers do. The vocabulary is invented or generic: the words of the
demo watch list (see :mod:`cargotarget.demo.watchlist`) never occur here, so a watch-list hit in
the demo is always a planted one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

LEGAL_FORM_VARIANTS: dict[str, tuple[str, ...]] = {
    "CO., LTD.": ("CO LTD", "COMPANY LIMITED", "CO.,LTD"),
    "LIMITED": ("LTD", "LTD."),
    "LTD": ("LIMITED", "LTD."),
    "INC.": ("INC", "INCORPORATED"),
    "LLC": ("L.L.C.", "LIMITED LIABILITY COMPANY"),
    "CORP.": ("CORPORATION", "CORP"),
    "S.A.S.": ("SAS",),
    "S.A.": ("SA", "SOCIEDAD ANONIMA"),
    "S.A. DE C.V.": ("SA DE CV",),
    "S.A.C.": ("SAC",),
    "S.R.L.": ("SRL",),
    "LTDA": ("LTDA.", "LIMITADA"),
    "LDA": ("LDA.",),
    "GMBH": ("G.M.B.H.", "GMBH."),
    "B.V.": ("BV",),
    "N.V.": ("NV",),
    "SARL": ("S.A.R.L.",),
    "SAS": ("S.A.S.",),
    "S.P.A.": ("SPA",),
    "PVT. LTD.": ("PRIVATE LIMITED", "PVT LTD"),
    "(PVT) LTD": ("(PRIVATE) LIMITED", "PVT LTD"),
    "SDN. BHD.": ("SDN BHD", "SENDIRIAN BERHAD"),
    "A.S.": ("AS", "ANONIM SIRKETI"),
    "FZE": ("F.Z.E.",),
    "PTY LTD": ("PTY. LTD.", "PROPRIETARY LIMITED"),
    "PTE. LTD.": ("PTE LTD", "PRIVATE LIMITED"),
    "TBK": ("TBK.",),
}
"""Each legal form a demo company is registered with, and how filers also write it."""

LEGAL_FORMS: frozenset[str] = frozenset(LEGAL_FORM_VARIANTS) | {
    v for variants in LEGAL_FORM_VARIANTS.values() for v in variants
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_EN = _words(
    "ATLANTIC BAYSIDE CARDINAL COASTAL CORNERSTONE CROWNHILL EASTGATE FAIRHAVEN GOLDLEAF GRANITE "
    "HARBOURVIEW HIGHPOINT ISLANDER KEYSTONE LIGHTHOUSE MAPLETON MERIDIAN NORTHSTAR OAKRIDGE "
    "PALMETTO PINNACLE REDWOOD SEABREEZE SILVERLINE SOUTHPORT SUMMIT TRADEWIND TRIDENT UNITY "
    "VANGUARD WESTBROOK WILLOWDALE BLUEWATER CEDARWOOD DRIFTWOOD EMERALD FALCONRIDGE GREENFIELD "
    "HORIZON IRONBRIDGE JUNIPER KINGSGATE LAKESHORE MOUNTVIEW NEWHAVEN ORCHARD PEARLSTONE"
)
_ES = _words(
    "ANDINA ALTAMIRA BUENAVISTA CARIBE CORDILLERA DORADO ESPERANZA FLORESTA GUADALUPE HORIZONTE "
    "LAGUNA MIRAFLORES MONTEVERDE NUEVO PACIFICO PALMAR PORVENIR PRIMAVERA RIOVERDE SANTAFE "
    "SOLANO TIERRAFIRME VALLEALTO VICTORIA CRISTAL AURORA BRISAS CUMBRE ESTRELLA LLANOS"
)
_PT = _words(
    "ATLANTICO AURORA ESTRELA LITORAL MINAS PARANA PLANALTO SERRA SUL TROPICAL VALE BANDEIRA "
    "CERRADO HORIZONTE IGUACU MANTIQUEIRA RIBEIRA TAPAJOS"
)
_ZH = _words(
    "HUA XIN JIN LONG DA FENG YUAN TAI HENG SHENG KANG MING RUI BAO XING YI CHENG TONG HAI "
    "JIA FU AN DE HONG WEI ZHONG LI SHUN YONG QIAN"
)
_KO = _words("HAN SUNG DAE JIN YOUNG MIN SEO WOO KANG HYUN JOO DONG IL SAM CHANG HWA KUM SE NAM BO")
_JA = tuple(
    head + tail
    for head in _words("TAKA NAKA YAMA KITA HIRO MATSU OKA KAWA FUJI ISHI MORI SAKA")
    for tail in _words("MURA MOTO SHIMA HARA DA NO TA SAKI GAWA ZAWA")
)
_VI = _words("THANH CONG MINH PHAT HOANG LONG VIET AN PHU HUNG TAN THINH DAI NAM BAO KHANH")
_TH = _words("SIAM CHAROEN KASEM SUKHO RATTANA WATTANA PHON SRI BOON CHAI THAWORN PRASERT")
_MS = _words("MAJU JAYA SENTOSA MAKMUR ABADI SUMBER BERKAT CAHAYA MULIA INDAH PERKASA SEJAHTERA")
_HI = _words(
    "SHREE AMBIKA VINAYAK KRISHNA GANESH SAI LAXMI SURYA VIJAY JAGDAMBA NAVRANG SIDDHI PADMA "
    "MEGHNA JAMUNA SONAR INDUS RAVI CHENAB SERENDIB RUHUNU KANDYAN SIRINAWA LANKAPURA"
)
_AR = _words("NOOR RAYAN FAJR BARAKA SAHARA WAHA RAWDA MANARA DANA REEM JAZEERA BUSTAN MARJAN")
_EU = _words(
    "NORD HANSA ELBE RHEIN ALPEN WESER LINDEN DELTA POLDER ZEELAND SCHELDE NOORDZEE ATLANTIQUE "
    "PROVENCE LOIRE AZUR MISTRAL ADRIATICA TIRRENO TOSCANA LAGUNA ANADOLU MARMARA EGE TOROS "
    "AKDENIZ YILDIZ"
)

TRADE_WORDS: dict[str, tuple[str, ...]] = {
    "food": ("FOODS", "PRODUCE", "AGRO", "PROVISIONS", "FARMS", "FOOD INDUSTRIES"),
    "apparel": ("APPAREL", "TEXTILES", "GARMENTS", "FASHIONS", "KNITWEAR"),
    "electronics": ("ELECTRONICS", "TECHNOLOGY", "DIGITAL", "APPLIANCES"),
    "auto": ("AUTO PARTS", "MOTORS", "AUTOMOTIVE", "TYRE"),
    "industrial": ("INDUSTRIES", "ENGINEERING", "BUILDING SUPPLIES", "HARDWARE", "MATERIALS"),
    "chemicals": ("CHEMICALS", "INDUSTRIAL SUPPLIES", "CHEMICAL"),
    "pharma": ("PHARMACEUTICALS", "HEALTHCARE", "COSMETICS", "PHARMA"),
    "household": ("HOME", "FURNISHINGS", "HOUSEWARES", "DISTRIBUTORS"),
    "general": ("TRADING", "IMPORT EXPORT", "ENTERPRISES", "DISTRIBUTION", "INTERNATIONAL"),
    "broker": ("CUSTOMS BROKERS", "BROKERAGE SERVICES", "CUSTOMS SERVICES"),
    "forwarder": ("LOGISTICS", "FREIGHT", "SHIPPING", "CARGO SERVICES", "FORWARDING"),
}
"""Words that say what a company trades; the forwarder words mark logistics companies."""


@dataclass(frozen=True, slots=True)
class NameStyle:
    """How companies of a country are named: word list, words per name (joined without a space
    when ``syllables``), legal forms, and an optional city or prefix in front."""

    words: tuple[str, ...]
    count: int
    legal_forms: tuple[str, ...]
    syllables: bool = False
    prefixes: tuple[str, ...] = ()


def _style(
    words: tuple[str, ...], count: int, forms: str, syl: bool = False, pre: str = ""
) -> NameStyle:
    prefixes = tuple(p for p in pre.split("|") if p)
    return NameStyle(words, count, tuple(forms.split("|")), syl, prefixes)


_CN = _style(_ZH, 2, "CO., LTD.", True, "NINGBO|SHENZHEN|XIAMEN|QINGDAO|YIWU|DONGGUAN|SHANGHAI")
_STYLES: dict[str, NameStyle] = {
    "CN": _CN,
    "HK": _style(_ZH, 2, "LIMITED|CO., LTD.", True),
    "TW": _style(_ZH, 2, "CO., LTD.|CORP.", True),
    "KR": _style(_KO, 2, "CO., LTD.|CORP.", True),
    "JP": _style(_JA, 1, "CO., LTD.|CORP."),
    "VN": _style(_VI, 2, "CO., LTD."),
    "TH": _style(_TH, 2, "CO., LTD.", True),
    "MY": _style(_MS, 2, "SDN. BHD."),
    "ID": _style(_MS, 2, "TBK", pre="PT"),
    "SG": _style(_EN, 2, "PTE. LTD."),
    "IN": _style(_HI, 1, "PVT. LTD.|LIMITED"),
    "PK": _style(_HI, 1, "(PVT) LTD|LIMITED"),
    "BD": _style(_HI, 1, "LTD|LIMITED"),
    "LK": _style(_HI, 1, "(PVT) LTD|LIMITED"),
    "AE": _style(_AR, 1, "LLC|FZE", pre="AL"),
    "SA": _style(_AR, 1, "LLC|CO., LTD.", pre="AL"),
    "BR": _style(_PT, 2, "LTDA|S.A."),
    "PT": _style(_PT, 2, "LDA|S.A."),
    "MX": _style(_ES, 2, "S.A. DE C.V."),
    "CO": _style(_ES, 2, "S.A.S.|S.A.", pre="C.I.|COMERCIALIZADORA"),
    "PE": _style(_ES, 2, "S.A.C.|S.A."),
    "AR": _style(_ES, 2, "S.A.|S.R.L."),
    **dict.fromkeys(("EC", "CL", "UY", "CR", "GT", "HN", "DO", "ES"), _style(_ES, 2, "S.A.")),
    "DE": _style(_EU, 1, "GMBH"),
    "NL": _style(_EU, 1, "B.V."),
    "BE": _style(_EU, 1, "N.V.|B.V."),
    "FR": _style(_EU, 1, "SAS|SARL"),
    "MA": _style(_EU, 1, "SARL"),
    "IT": _style(_EU, 1, "S.P.A.|S.R.L."),
    "TR": _style(_EU, 1, "A.S."),
    "US": _style(_EN, 2, "INC.|LLC|CORP."),
    "AU": _style(_EN, 2, "PTY LTD"),
    "NZ": _style(_EN, 2, "LIMITED"),
    "ZA": _style(_EN, 2, "PTY LTD"),
}
_DEFAULT_STYLE = _style(_EN, 2, "LIMITED|LTD")


def style_for(country: str) -> NameStyle:
    """The naming style of a country (English-language style where none is defined)."""
    return _STYLES.get(country, _DEFAULT_STYLE)


def company_stem(rng: random.Random, country: str, trade: str, extra_words: int = 0) -> str:
    """A company name without its legal form, e.g. ``NINGBO HUAXIN TEXTILES``.

    ``extra_words`` lengthens the distinctive part, which is how a caller escapes a name that is
    already taken.
    """
    style = style_for(country)
    picked = rng.sample(style.words, style.count + extra_words)
    core = "".join(picked) if style.syllables else " ".join(picked)
    if style.syllables and extra_words:
        core = f"{core} {rng.choice(style.words)}"
    parts = [rng.choice(style.prefixes)] if style.prefixes else []
    parts += [core, rng.choice(TRADE_WORDS[trade])]
    return " ".join(parts)


def legal_form(rng: random.Random, country: str) -> str:
    return rng.choice(style_for(country).legal_forms)


def name_variants(stem: str, form: str) -> tuple[str, ...]:
    """The registered name first, then the same company with its legal form written otherwise."""
    return (f"{stem} {form}", *(f"{stem} {v}" for v in LEGAL_FORM_VARIANTS.get(form, ())))


_LONGEST_FIRST = tuple(sorted(LEGAL_FORMS, key=len, reverse=True))


def strip_legal_form(name: str) -> str:
    """The name without a trailing legal form, to compare companies across filings."""
    for form in _LONGEST_FIRST:
        if name.endswith(" " + form):
            return name[: -len(form) - 1]
    return name


_PERSON_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "LK": (
        _words("NIMAL KAMAL DILANI RUWAN SANDYA CHAMINDA THARINDU SUNETHRA"),
        _words("PERERA FERNANDO HERATH BANDARA GUNAWARDENA DISSANAYAKE WEERASINGHE"),
    ),
    "": (
        _words(
            "ANDRE BEVERLEY CARLTON DESMOND DONOVAN ERROL FITZROY GARFIELD HOPETON KEISHA LATOYA "
            "MARCIA NADINE ORVILLE PAULETTE RANDOLPH TAMARA WINSTON YVONNE DELROY CLAUDETTE"
        ),
        _words(
            "BARRETT CAMPBELL CLARKE DALEY EDWARDS FRANCIS GORDON HENRY LEWIS MCKENZIE MORGAN "
            "REID ROBINSON SAMUELS THOMPSON WALKER WRIGHT GRANT STEWART RICHARDS KNOWLES ROLLE "
            "FERGUSON CARTWRIGHT"
        ),
    ),
}


def person_name(rng: random.Random, country: str) -> str:
    """A private individual's name (first name, optional initial, surname)."""
    first, last = _PERSON_NAMES.get(country, _PERSON_NAMES[""])
    middle = f" {rng.choice('ABCDEGHJKLMPRSTW')}." if rng.random() < 0.3 else ""
    return f"{rng.choice(first)}{middle} {rng.choice(last)}"
