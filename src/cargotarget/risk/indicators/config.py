"""The settings of the risk indicators: thresholds, term lists, hubs and high-risk lists.

One immutable object with defaults that suit a sea-freight import administration. An
administration replaces what does not fit its ports and threats (its own hub list, its own
high-risk countries and commodities); the defaults are starting points, not policy. Term lists are
written upper case and without accents or punctuation, as the indicators compare them with text
folded the same way (see :mod:`.names`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType


def _frozen(mapping: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(mapping)


VAGUE_TERMS = (
    "FAK", "FREIGHT OF ALL KINDS", "GENERAL CARGO", "SAID TO CONTAIN", "STC", "CONSOLIDATED",
    "CONSOLIDATION", "PARTS", "MACHINERY", "FOODSTUFF", "FOODSTUFFS", "PERSONAL EFFECTS",
    "HOUSEHOLD GOODS", "GENERAL MERCHANDISE", "MISCELLANEOUS", "SUNDRIES", "VARIOUS GOODS",
)  # fmt: skip

HS_IGNORED_WORDS = (
    "THE", "AND", "FOR", "WITH", "WITHOUT", "OTHER", "OTHERS", "THEREOF", "WHETHER", "NOT",
    "NEC", "INCLUDING", "EXCLUDING", "THAN", "THEIR", "SUCH", "ARTICLES", "GOODS", "PARTS",
    "ACCESSORIES", "PRODUCTS", "KIND", "KINDS", "USED", "TYPE", "FRESH", "CHILLED", "FROZEN",
    "DRIED", "NEW", "MADE", "MIXED", "WHOLE", "CONTAINING", "PREPARED", "PRESERVED", "SAID",
    "CONTAIN", "PACKED", "PIECES", "CARTONS", "PALLETS", "BAGS", "BOXES", "PKGS", "PACKAGES",
)  # fmt: skip

HS_SYNONYMS = (
    ("SHOES", "FOOTWEAR"), ("SNEAKERS", "FOOTWEAR"), ("BOOTS", "FOOTWEAR"),
    ("SANDALS", "FOOTWEAR"), ("TSHIRTS", "SHIRTS"), ("JEANS", "TROUSERS"),
    ("PHONES", "TELEPHONE"), ("SMARTPHONES", "TELEPHONE"), ("MOBILE", "TELEPHONE"),
    ("LAPTOPS", "DATA"), ("COMPUTERS", "DATA"), ("NOTEBOOKS", "DATA"), ("TABLETS", "DATA"),
    ("TV", "TELEVISION"), ("TVS", "TELEVISION"), ("TELEVISIONS", "TELEVISION"),
    ("CARS", "VEHICLES"), ("TRUCKS", "VEHICLES"), ("TIRES", "TYRES"),
    ("WHISKY", "SPIRITS"), ("WHISKEY", "SPIRITS"), ("VODKA", "SPIRITS"), ("RUM", "SPIRITS"),
    ("BEER", "MALT"), ("CIGARETTES", "TOBACCO"), ("CIGARS", "TOBACCO"),
    ("COSMETICS", "BEAUTY"), ("MAKEUP", "BEAUTY"), ("PERFUME", "PERFUMES"),
    ("MEDICINE", "MEDICAMENTS"), ("MEDICINES", "MEDICAMENTS"), ("PILLS", "MEDICAMENTS"),
    ("SOFAS", "SEATS"), ("CHAIRS", "SEATS"),
    ("ROUTERS", "APPARATUS"), ("EXCAVATOR", "EXCAVATORS"), ("BULLDOZER", "BULLDOZERS"),
    ("PLANTAINS", "BANANAS"), ("SHRIMP", "CRUSTACEANS"), ("PRAWNS", "CRUSTACEANS"),
)  # fmt: skip

FORWARDER_TERMS = (
    "LOGISTICS", "LOGISTIC", "LOGISTICA", "FREIGHT", "FORWARDING", "FORWARDERS", "FORWARDER",
    "SHIPPING", "CARGO", "EXPRESS", "NVOCC", "CONSOLIDATORS", "COURIER", "TRANSITARIOS",
)  # fmt: skip

BUSINESS_WORDS = (
    "TRADING", "TRADERS", "TRADE", "IMPORT", "IMPORTS", "IMPORTERS", "IMPORTADORA", "EXPORT",
    "EXPORTS", "EXPORTERS", "EXPORTADORA", "COMERCIAL", "COMMERCIAL", "COMPANY", "COMPANIA",
    "ENTERPRISE", "ENTERPRISES", "INDUSTRIES", "INDUSTRIAL", "INTERNATIONAL", "GROUP",
    "HOLDINGS", "SERVICES", "SUPPLY", "SUPPLIES", "DISTRIBUTION", "DISTRIBUTORS", "STORE",
    "STORES", "MARKET", "SUPERMARKET", "MART", "FOODS", "FARMS", "MOTORS", "ELECTRONICS",
    "TEXTILES", "AGENCY", "AGENCIES", "PRODUCTS", "MANUFACTURING", "FACTORY", "BANK",
    "HOSPITAL", "UNIVERSITY", "MINISTRY", "GOVERNMENT", "SCHOOL", "HOTEL", "PHARMA",
    "PHARMACEUTICALS", "HARDWARE", "WHOLESALE", "RETAIL", "PARTNERS", "ASSOCIATES", "DEPOT",
    "CENTER", "CENTRE", "SONS", "BROTHERS", "BROS", "FRESH", "SOLUTIONS",
    "SYSTEMS", "TECHNOLOGIES", "TECHNOLOGY", "CONSTRUCTION", "ENGINEERING", "AUTO", "PARTS",
)  # fmt: skip

PERSONAL_TITLES = ("MR", "MRS", "MS", "MISS", "DR", "SR", "SRA", "SRTA", "HERR", "FRAU", "MME")

SAME_AS_CONSIGNEE = ("SAME AS CONSIGNEE", "SAME AS CNEE", "SAME AS ABOVE", "AS ABOVE", "SAME")

PO_BOX_TERMS = (
    "PO BOX", "P O BOX", "POBOX", "POST OFFICE BOX", "POSTBOX", "PO BOX NO", "APARTADO",
    "CASILLA", "CAIXA POSTAL", "POSTFACH", "BOITE POSTALE", "PRIVATE BAG", "PMB",
)  # fmt: skip

TRUSTED_TRADER_SCHEMES = ("AEO", "AEOC", "AEOS", "AEOF", "CTPAT", "PIP")

TRANSSHIPMENT_HUBS = (
    "SGSIN", "MYPKG", "MYTPP", "LKCMB", "AEJEA", "OMSLL", "SAJED", "ESALG", "MAPTM", "MTMAR",
    "PAMIT", "PABLB", "COCTG", "DOCAU", "JMKIN", "BSFPO", "GRPIR", "EGPSD", "HKHKG", "TWKHH",
)  # fmt: skip

HIGH_RISK_ORIGIN_COMMODITIES = (
    ("CO", "0803"), ("EC", "0803"), ("PE", "0803"), ("CR", "0804"), ("CO", "0603"),
    ("EC", "0603"), ("CN", "2939"), ("IN", "2939"), ("CN", "2914"),
)  # fmt: skip

HIGH_RISK_GOODS = (
    ("weapons and ammunition", ("93",)),
    ("explosives", ("3601", "3602", "3603", "3604")),
    (
        "drug precursors",
        ("291524", "291431", "291634", "284161", "293291", "293292", "293293", "293294", "2939"),
    ),
    (
        "wildlife (CITES)",
        ("0106", "0301", "0507", "0508", "0510", "4301", "4302", "9601", "1211"),
    ),
    ("strategic goods", ("2844", "8401", "8526")),
)

LATE_HOURS_BEFORE_ARRIVAL = {"sea": 24.0, "air": 4.0, "road": 1.0, "rail": 2.0}
LATE_HOURS_BEFORE_DEPARTURE = {"sea": 24.0}

COARSE_PACKAGE_KINDS = ("PX", "CN", "NE", "NF", "NG", "VL", "VR", "VY", "VO", "VQ", "VG")


@dataclass(frozen=True, slots=True, kw_only=True)
class IndicatorConfig:
    """Everything the indicators can be tuned with. Build one with the defaults and replace
    only what differs (``IndicatorConfig(transshipment_hubs=("PAMIT",))``)."""

    vague_terms: tuple[str, ...] = VAGUE_TERMS
    """Whole words or phrases that make a goods description vague (indicator 1)."""
    min_description_letters: int = 10
    """A description with fewer letters than this is too short to say what the goods are."""
    hs_ignored_words: tuple[str, ...] = HS_IGNORED_WORDS
    """Words that say nothing about the goods, ignored when description and HS text are compared."""
    hs_synonyms: tuple[tuple[str, str], ...] = HS_SYNONYMS
    """Pairs (word in trade usage, word of the HS text) accepted as the same goods."""
    forwarder_terms: tuple[str, ...] = FORWARDER_TERMS
    """Words in a name that mark a freight forwarder, NVOCC or logistics company."""
    business_words: tuple[str, ...] = BUSINESS_WORDS
    """Words in a name that mark a business rather than a private person."""
    personal_titles: tuple[str, ...] = PERSONAL_TITLES
    """Titles that mark a private person (MR, MRS, DR)."""
    same_as_consignee: tuple[str, ...] = SAME_AS_CONSIGNEE
    """Notify party names that mean "the consignee"."""
    po_box_terms: tuple[str, ...] = PO_BOX_TERMS
    """How a post-office box is written in an address, in several languages."""
    min_address_characters: int = 10
    """A street address shorter than this (letters and digits) is incomplete."""
    trusted_trader_schemes: tuple[str, ...] = TRUSTED_TRADER_SCHEMES
    """Identifier schemes of trusted-trader programmes (AEO, C-TPAT, PIP), without punctuation."""
    transshipment_hubs: tuple[str, ...] = TRANSSHIPMENT_HUBS
    """UN/LOCODEs of transshipment hubs that deserve attention on a route (indicator 4)."""
    high_risk_countries: tuple[str, ...] = ("KP", "IR", "SY")
    """Countries (ISO 3166 alpha-2) under sanctions or of high risk anywhere on a route."""
    high_risk_origin_commodities: tuple[tuple[str, str], ...] = HIGH_RISK_ORIGIN_COMMODITIES
    """Pairs (origin country, HS code prefix) known from seizures (indicator 3)."""
    high_risk_goods: tuple[tuple[str, tuple[str, ...]], ...] = HIGH_RISK_GOODS
    """Groups of high-risk goods, each a name and its HS code prefixes, most serious first."""
    coarse_package_kinds: tuple[str, ...] = COARSE_PACKAGE_KINDS
    """UN/ECE rec. 21 package kinds that hide the count of pieces: pallets, containers, bulk."""
    concealment_type_groups: tuple[str, ...] = ("R", "H", "U", "P", "T")
    """ISO 6346 type groups that help concealment: reefer, insulated, open top, flat rack, tank."""
    empty_container_max_kg: float = 5_000.0
    """Weight per container above which a bill with a container declared empty is a
    contradiction: more than the tare of the heaviest empty ISO container (a 45 ft high-cube
    or 40 ft reefer weighs about 4,800 kg)."""
    late_hours_before_arrival: Mapping[str, float] = field(
        default_factory=lambda: _frozen(dict(LATE_HOURS_BEFORE_ARRIVAL))
    )
    """Per mode of transport, the least hours between filing and arrival that are on time."""
    late_hours_before_departure: Mapping[str, float] = field(
        default_factory=lambda: _frozen(dict(LATE_HOURS_BEFORE_DEPARTURE))
    )
    """Per mode of transport, the least hours between filing and departure that are on time."""
    last_minute_hours: float = 24.0
    """An amendment filed fewer hours than this before arrival is a last-minute change."""
    usual_trade_min_shipments: int = 5
    """Earlier shipments a consignee needs before its usual trade is known (indicator 2)."""
    rarity_min_shipments: int = 20
    """Earlier shipments from an origin needed before a commodity's share is given."""
    norm_min_samples: int = 20
    """Earlier bills of an HS heading needed before its norms (weights, share declared
    dangerous) are used."""
    norm_period: timedelta = timedelta(days=1)
    """How often weight norms are relearned: a bill is compared with the norm learned from
    everything filed before the start of its period (UTC)."""

    def __post_init__(self) -> None:
        for name in ("usual_trade_min_shipments", "rarity_min_shipments", "norm_min_samples"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.norm_period <= timedelta(0):
            raise ValueError("norm_period must be positive")
