"""The goods that travel in the demo: plausible commodities per origin, with their packing norms.

Each commodity pairs an HS 2022 subheading with descriptions a shipper would write, the countries
that export it, how it is packed and how heavy a package is. The packing norms keep weights
consistent with the goods and the container; the planted weight anomalies are measured against
them (see :func:`by_hs_code`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

DESTINATIONS = ("JM", "LK", "BS")
"""The countries of the demo's ports of discharge, in the order of :attr:`Commodity.dests`."""


@dataclass(frozen=True, slots=True)
class Commodity:
    """A kind of goods: HS code, descriptions, exporters, packing and weight norms."""

    key: str
    hs_code: str
    group: str
    descriptions: tuple[str, ...]
    origins: tuple[tuple[str, float], ...]
    dests: tuple[float, float, float]
    package_kind: str
    kg_per_package: tuple[float, float]
    packages_per_teu: tuple[int, int]
    m3_per_package: float
    size_types: tuple[str, ...]
    dangerous: tuple[str, str] | None = None


def _c(
    key: str,
    hs_code: str,
    group: str,
    packing: str,
    origins: str,
    descriptions: tuple[str, ...],
    dests: str = "JM:1 LK:1 BS:1",
    dangerous: tuple[str, str] | None = None,
) -> Commodity:
    """Build a commodity from a compact packing spec: ``KIND kg-kg n-n m3 SIZES...``."""
    kind, kg, count, m3, *sizes = packing.split()
    kg_lo, kg_hi = (float(x) for x in kg.split("-"))
    n_lo, n_hi = (int(x) for x in count.split("-"))
    weights = dict(_pairs(dests))
    return Commodity(
        key=key,
        hs_code=hs_code,
        group=group,
        descriptions=descriptions,
        origins=tuple(_pairs(origins)),
        dests=(weights.get("JM", 0.0), weights.get("LK", 0.0), weights.get("BS", 0.0)),
        package_kind=kind,
        kg_per_package=(kg_lo, kg_hi),
        packages_per_teu=(n_lo, n_hi),
        m3_per_package=float(m3),
        size_types=tuple(sizes),
        dangerous=dangerous,
    )


def _pairs(spec: str) -> list[tuple[str, float]]:
    return [(code, float(weight)) for code, weight in (p.split(":") for p in spec.split())]


COMMODITIES: tuple[Commodity, ...] = (
    # Fresh and frozen food, mostly in reefers.
    _c("bananas", "080390", "food", "CT 18.5-20.5 520-550 0.055 45R1",
       "CO:4 EC:5 CR:2 GT:1 HN:1",
       ("FRESH BANANAS", "FRESH GREEN BANANAS CAVENDISH", "BANANAS FRESH IN CARTONS"),
       "JM:0.3 LK:0.1 BS:1.2"),
    _c("pineapples", "080430", "food", "CT 12-13.5 700-780 0.04 45R1",
       "CR:5 HN:1 EC:1", ("FRESH PINEAPPLES", "FRESH PINEAPPLES MD2 GOLDEN"), "JM:0.3 BS:0.8"),
    _c("avocados", "080440", "food", "CT 10.5-11.5 900-980 0.025 45R1",
       "CO:2 PE:3 CL:1 MX:2", ("FRESH HASS AVOCADOS", "FRESH AVOCADOS HASS VARIETY"),
       "JM:0.2 BS:0.6"),
    _c("grapes", "080610", "food", "CT 8.5-9.5 1000-1150 0.022 45R1",
       "CL:4 PE:3 ZA:1", ("FRESH TABLE GRAPES", "FRESH RED GLOBE GRAPES"), "JM:0.4 LK:0.3 BS:0.6"),
    _c("shrimp", "030617", "food", "CT 20-22 500-600 0.04 45R1",
       "EC:5 IN:2 VN:2 TH:1", ("FROZEN WHITE SHRIMP HEADLESS SHELL-ON", "FROZEN VANNAMEI SHRIMP"),
       "JM:0.5 LK:0.2 BS:1"),
    _c("fish", "030389", "food", "CT 20-22 600-650 0.035 45R1",
       "CN:2 PE:2 CL:1 MA:1 NL:1",
       ("FROZEN MACKEREL WHOLE ROUND", "FROZEN HORSE MACKEREL", "FROZEN SARDINES WHOLE ROUND")),
    _c("tuna", "030342", "food", "CT 20-25 550-600 0.04 45R1",
       "EC:2 TW:2 KR:1", ("FROZEN YELLOWFIN TUNA WHOLE ROUND",), "JM:0.2 LK:1 BS:0.2"),
    _c("chicken", "020714", "food", "CT 13.6-18.2 700-850 0.03 45R1",
       "US:5 BR:3", ("FROZEN CHICKEN LEG QUARTERS", "FROZEN CHICKEN WINGS"), "JM:1.5 LK:0.1 BS:2"),
    _c("onions", "070310", "food", "BG 25-50 500-1000 0.06 45R1",
       "IN:4 PK:3 NL:1", ("FRESH RED ONIONS", "FRESH YELLOW ONIONS"), "JM:0.4 LK:3 BS:0.4"),
    _c("potatoes", "070190", "food", "BG 25-50 500-1000 0.06 45R1",
       "NL:3 CA:2 PK:2", ("FRESH POTATOES", "FRESH TABLE POTATOES"), "JM:0.5 LK:1.5 BS:0.5"),
    # Dry food.
    _c("coffee", "090111", "food", "BG 69.5-70.5 275-320 0.09 22G1",
       "CO:4 BR:4 VN:2 PE:1 HN:1",
       ("GREEN COFFEE BEANS", "COLOMBIAN GREEN COFFEE EXCELSO", "BRAZIL GREEN COFFEE NY 2/3"),
       "JM:0.4 LK:0.2 BS:0.2"),
    _c("tea", "090240", "food", "BG 50-55 300-400 0.12 22G1",
       "LK:5 IN:1 KE:2", ("BLACK TEA IN PAPER SACKS", "CEYLON BLACK TEA BULK"),
       "JM:0.3 LK:0.05 BS:0.3"),
    _c("rice", "100630", "food", "BG 25-50 500-1000 0.04 22G1 42G1",
       "TH:3 VN:3 IN:3 PK:2 US:2 UY:1",
       ("LONG GRAIN WHITE RICE 5% BROKEN", "PARBOILED RICE", "JASMINE RICE"), "JM:2 LK:0.5 BS:1"),
    _c("flour", "110100", "food", "BG 25-50 500-1000 0.04 22G1",
       "CA:2 US:2 TR:2", ("WHEAT FLOUR ALL PURPOSE", "WHEAT FLOUR BAKERS GRADE")),
    _c("milk_powder", "040221", "food", "BG 25.2-25.4 640-800 0.04 22G1 42G1",
       "NZ:5 AU:2 NL:2", ("FULL CREAM MILK POWDER 25KG BAGS", "WHOLE MILK POWDER"),
       "JM:1 LK:3 BS:0.5"),
    _c("sugar", "170199", "food", "BG 50-50.2 500-520 0.06 22G1",
       "BR:5 GT:2 IN:2", ("REFINED WHITE CANE SUGAR ICUMSA 45", "WHITE REFINED SUGAR")),
    _c("palm_oil", "151190", "food", "TK 20000-22000 1-1 24 22T1",
       "MY:5 ID:5", ("RBD PALM OLEIN", "REFINED PALM OIL IN BULK"), "JM:0.5 LK:3 BS:0.3"),
    _c("biscuits", "190531", "food", "CT 4-8 1300-1700 0.02 22G1 42G1",
       "MY:2 ID:2 TR:2 GB:1 US:1", ("SWEET BISCUITS ASSORTED", "CREAM FILLED BISCUITS")),
    _c("canned_tuna", "160414", "food", "CT 8.5-10.5 1200-1300 0.012 22G1",
       "TH:4 EC:3 VN:1", ("CANNED TUNA IN VEGETABLE OIL 48X170G", "CANNED TUNA CHUNKS IN BRINE")),
    _c("soft_drinks", "220299", "food", "CT 6.2-12 1600-2000 0.012 22G1",
       "US:3 TH:1 MX:1", ("ENERGY DRINKS 24X250ML CANS", "NON-ALCOHOLIC MALT BEVERAGES")),
    _c("whisky", "220830", "food", "CT 13-15 1200-1400 0.016 22G1",
       "GB:5 US:1", ("SCOTCH WHISKY 12X70CL", "BLENDED SCOTCH WHISKY 6X1L"), "JM:1 LK:0.5 BS:2"),
    _c("wine", "220421", "food", "CT 15-17 1100-1300 0.016 22G1",
       "FR:3 ES:2 IT:2 CL:3 AR:1 ZA:1 AU:1", ("RED WINE 12X75CL", "WHITE WINE 12X75CL"),
       "JM:0.5 LK:0.2 BS:0.8"),
    _c("cigarettes", "240220", "food", "CT 10-12 800-1000 0.05 22G1",
       "AE:1 US:1", ("CIGARETTES 50 CARTONS X 10 PACKS",), "JM:0.2 LK:0.1 BS:0.3"),
    # Apparel and textiles.
    _c("tshirts", "610910", "apparel", "CT 8-15 400-600 0.08 45G1 42G1 22G1",
       "CN:5 BD:5 LK:2 VN:2 IN:2 PK:1 HN:1",
       ("MEN'S COTTON KNITTED T-SHIRTS", "LADIES 100% COTTON T-SHIRTS",
        "COTTON KNIT T-SHIRTS ASSORTED SIZES"), "JM:1 LK:0.2 BS:1"),
    _c("pullovers", "611020", "apparel", "CT 8-14 400-600 0.08 45G1 42G1",
       "CN:4 BD:3 VN:1 TR:1", ("COTTON KNITTED PULLOVERS", "CARDIGANS OF COTTON KNITTED"),
       "JM:0.5 LK:0.2 BS:0.8"),
    _c("jeans", "620342", "apparel", "CT 12-20 350-500 0.08 45G1 42G1 22G1",
       "BD:4 CN:3 PK:2 MX:1 TR:1", ("MEN'S COTTON DENIM TROUSERS", "MEN'S COTTON JEANS"),
       "JM:1 LK:0.2 BS:1"),
    _c("shirts", "620520", "apparel", "CT 10-16 400-550 0.08 45G1 42G1",
       "BD:3 IN:2 CN:2 VN:1", ("MEN'S WOVEN COTTON SHIRTS", "MEN'S COTTON DRESS SHIRTS"),
       "JM:0.6 LK:0.2 BS:0.6"),
    _c("cotton_fabric", "520852", "apparel", "RO 30-60 300-500 0.08 22G1 42G1",
       "CN:4 IN:3 PK:2", ("PRINTED COTTON WOVEN FABRIC", "100% COTTON POPLIN FABRIC PRINTED"),
       "JM:0.2 LK:5 BS:0.1"),
    _c("poly_fabric", "540752", "apparel", "RO 25-50 350-550 0.07 22G1 42G1",
       "CN:5 KR:2 TW:1", ("DYED POLYESTER WOVEN FABRIC", "TEXTURED POLYESTER FABRIC DYED"),
       "JM:0.1 LK:4 BS:0.1"),
    _c("sneakers", "640419", "apparel", "CT 7-12 450-650 0.07 45G1 42G1",
       "CN:5 VN:4 ID:2", ("SPORTS SHOES WITH RUBBER SOLES", "CANVAS SHOES WITH RUBBER SOLES")),
    _c("leather_shoes", "640399", "apparel", "CT 8-14 450-600 0.07 42G1 22G1",
       "IT:1 BR:2 IN:2 CN:2", ("MEN'S LEATHER SHOES", "LADIES LEATHER FOOTWEAR")),
    _c("used_clothing", "630900", "apparel", "BL 45-55 250-280 0.25 42G1 45G1",
       "US:4 CA:1 GB:1", ("USED CLOTHING IN BALES", "SECOND HAND CLOTHING SORTED"),
       "JM:0.5 LK:0.1 BS:0.1"),
    # Electronics and appliances.
    _c("laptops", "847130", "electronics", "CT 10-16 700-1000 0.04 45G1 42G1 22G1",
       "CN:6 TW:1", ("LAPTOP COMPUTERS", "NOTEBOOK COMPUTERS 14 INCH")),
    _c("smartphones", "851713", "electronics", "CT 8-15 600-900 0.03 22G1 42G1",
       "CN:6 VN:3 KR:1 IN:1", ("SMARTPHONES", "MOBILE SMARTPHONES 128GB")),
    _c("routers", "851762", "electronics", "CT 6-14 700-1100 0.04 22G1 42G1",
       "CN:5 TW:3", ("NETWORK SWITCHES AND ROUTERS", "WIRELESS ROUTERS")),
    _c("televisions", "852872", "electronics", "CT 12-25 150-220 0.2 45G1 42G1",
       "CN:5 KR:1 MX:2 MY:1", ("LED TELEVISIONS 55 INCH", "SMART LED TV 43 INCH")),
    _c("solar_panels", "854143", "electronics", "PL 600-700 12-13 2.1 42G1 45G1",
       "CN:6 VN:1 MY:1", ("SOLAR PHOTOVOLTAIC MODULES 550W", "MONOCRYSTALLINE SOLAR PANELS")),
    _c("batteries", "850760", "electronics", "CT 15-25 500-700 0.03 22G1 42G1",
       "CN:6 KR:2", ("LITHIUM-ION BATTERIES", "LITHIUM ION BATTERY PACKS"),
       dangerous=("3480", "9")),
    _c("air_conditioners", "841510", "electronics", "CT 30-45 120-160 0.25 45G1 42G1",
       "CN:6 TH:2 MY:1", ("SPLIT AIR CONDITIONERS 12000 BTU", "WINDOW TYPE AIR CONDITIONERS")),
    _c("refrigerators", "841810", "electronics", "CT 45-85 35-55 0.8 45G1 42G1",
       "CN:4 KR:1 TR:2 MX:2 TH:1", ("REFRIGERATORS COMBINED WITH FREEZERS",
                                   "DOUBLE DOOR REFRIGERATORS")),
    _c("led_lights", "940542", "electronics", "CT 5-12 700-1200 0.03 22G1 42G1",
       "CN:6", ("LED LIGHT FITTINGS", "LED PANEL LIGHTS")),
    # Vehicle parts and tyres.
    _c("brake_parts", "870830", "auto", "CT 15-25 600-1000 0.02 22G1",
       "CN:3 JP:3 KR:2 DE:1 US:1 IN:1 TR:1", ("BRAKE PADS AND BRAKE DISCS", "BRAKE PARTS")),
    _c("body_parts", "870829", "auto", "CT 5-20 300-500 0.1 42G1 45G1",
       "CN:3 JP:3 TW:2", ("CAR BUMPERS AND FENDERS", "CAR BODY PANELS")),
    _c("vehicle_parts", "870899", "auto", "CT 10-30 400-800 0.05 22G1 42G1",
       "JP:4 CN:3 KR:2 US:2 DE:1 MX:1 TH:1",
       ("MOTOR VEHICLE SPARE PARTS", "SUSPENSION PARTS FOR CARS", "SHOCK ABSORBERS FOR CARS")),
    _c("car_tyres", "401110", "auto", "NE 7-11 450-650 0.06 45G1 42G1 22G1",
       "CN:5 TH:2 ID:2 KR:1 JP:1 VN:1 IN:1",
       ("NEW PASSENGER CAR TYRES", "RADIAL PASSENGER CAR TYRES 195/65R15")),
    _c("truck_tyres", "401120", "auto", "NE 50-65 180-230 0.15 42G1 22G1",
       "CN:4 TH:2 JP:1 IN:1", ("TRUCK AND BUS RADIAL TYRES 11R22.5", "NEW TRUCK TYRES")),
    _c("wiring", "854430", "auto", "CT 10-20 600-900 0.04 22G1 42G1",
       "MA:3 MX:3 CN:2", ("WIRING HARNESSES FOR VEHICLES", "AUTOMOTIVE WIRING SETS")),
    # Machinery, building materials and chemicals.
    _c("machines", "847989", "industrial", "CS 800-3500 3-8 4 22G1 42G1 22U1",
       "CN:4 DE:3 IT:3 JP:2 US:2",
       ("AUTOMATIC PACKAGING MACHINE", "INDUSTRIAL MIXING MACHINE", "BOTTLE FILLING MACHINE")),
    _c("excavators", "842952", "industrial", "NE 13000-22000 1-1 60 42P1",
       "JP:3 CN:3 KR:2 US:1", ("HYDRAULIC CRAWLER EXCAVATOR", "USED HYDRAULIC EXCAVATOR")),
    _c("earthmoving_parts", "843149", "industrial", "CS 200-900 20-40 1.2 22G1",
       "JP:2 CN:3 US:2 KR:1",
       ("EXCAVATOR SPARE PARTS BUCKET TEETH", "TRACK ROLLERS FOR EXCAVATORS")),
    _c("rebar", "721420", "industrial", "BE 1800-2600 10-13 0.4 22G1",
       "TR:5 CN:2 BR:1", ("DEFORMED STEEL REINFORCING BARS", "STEEL REBAR 12MM X 6M")),
    _c("cement", "252329", "industrial", "BG 50-50.3 480-520 0.04 22G1",
       "TR:3 CO:1 MX:1 DO:1 VN:1",
       ("PORTLAND CEMENT 42.5 IN 50KG BAGS", "ORDINARY PORTLAND CEMENT")),
    _c("tiles", "690721", "industrial", "CT 22-32 800-1000 0.02 22G1",
       "ES:3 CN:3 IT:2 IN:3 BR:1 TR:1", ("PORCELAIN FLOOR TILES 60X60", "CERAMIC WALL TILES")),
    _c("lumber", "440711", "industrial", "BE 1200-1800 8-10 2.6 42G1 45G1",
       "US:4 CA:3 CL:2 BR:1 NZ:1", ("SAWN PINE LUMBER KILN DRIED", "SOUTHERN YELLOW PINE LUMBER")),
    _c("paper", "480256", "industrial", "CT 12-13 1500-1700 0.015 22G1",
       "CN:2 ID:2 BR:2 PT:2", ("UNCOATED WOODFREE PAPER A4 80GSM", "COPY PAPER A4 80GSM")),
    _c("polyethylene", "390110", "industrial", "BG 25-25.2 960-1000 0.035 22G1 42G1",
       "SA:4 US:3 AE:2 KR:1", ("LOW DENSITY POLYETHYLENE RESIN", "LLDPE GRANULES FILM GRADE")),
    _c("lubricants", "271019", "industrial", "DR 180-190 70-80 0.22 22G1",
       "US:3 AE:3 SG:2 IN:1", ("LUBRICATING OIL SAE 15W-40", "ENGINE OIL IN DRUMS")),
    _c("caustic_soda", "281511", "chemicals", "BG 25-25.2 1000-1040 0.025 22G1",
       "CN:4 US:1 SA:1", ("CAUSTIC SODA FLAKES 99%", "SODIUM HYDROXIDE FLAKES"),
       dangerous=("1823", "8")),
    _c("pool_chlorine", "282810", "chemicals", "DR 45-50 320-400 0.06 22G1",
       "CN:4 US:2 IN:1", ("CALCIUM HYPOCHLORITE 70% GRANULAR", "CALCIUM HYPOCHLORITE TABLETS"),
       "JM:0.5 LK:0.5 BS:1.5", dangerous=("2880", "5.1")),
    _c("paints", "320890", "chemicals", "CT 18-22 800-1000 0.025 22G1",
       "US:2 CN:2 MX:1 AE:1 TR:1", ("SOLVENT BASED ALKYD ENAMEL PAINT", "INDUSTRIAL PRIMER PAINT"),
       dangerous=("1263", "3")),
    _c("fireworks", "360410", "chemicals", "CT 15-25 500-700 0.05 22G1",
       "CN:6", ("CONSUMER FIREWORKS", "FIREWORKS ASSORTED"), "JM:0.5 LK:0.3 BS:0.5",
       dangerous=("0336", "1.4G")),
    _c("medicaments", "300490", "pharma", "CT 5-15 600-1000 0.03 22G1 22R1",
       "IN:6 US:2 DE:1 BE:1 CN:1", ("PHARMACEUTICAL TABLETS IN BLISTERS", "GENERIC MEDICINES")),
    _c("cosmetics", "330499", "pharma", "CT 6-12 700-1100 0.03 22G1",
       "FR:3 US:2 CN:2 KR:2 IN:1", ("SKIN CARE CREAMS AND LOTIONS", "COSMETIC FACE CREAMS")),
    # Household goods.
    _c("toys", "950300", "household", "CT 5-12 350-600 0.08 45G1 42G1",
       "CN:6 VN:1", ("PLASTIC TOYS", "CHILDREN'S TOYS ASSORTED", "DOLLS AND SOFT TOYS")),
    _c("wooden_furniture", "940360", "household", "PK 15-45 150-250 0.25 45G1 42G1",
       "CN:4 VN:3 MY:2 ID:2 IT:1 BR:1 US:1",
       ("WOODEN DINING TABLES", "WOODEN FURNITURE KNOCKED DOWN", "WOODEN WARDROBES")),
    _c("sofas", "940161", "household", "PK 25-60 35-70 1 45G1",
       "CN:4 VN:2 MY:1 US:1 TR:1", ("UPHOLSTERED SOFAS WITH WOODEN FRAMES", "FABRIC SOFA SETS")),
    _c("plastic_housewares", "392690", "household", "CT 3-10 500-800 0.05 45G1 42G1",
       "CN:5 VN:1", ("PLASTIC STORAGE BOXES", "PLASTIC HOUSEHOLD CONTAINERS")),
    _c("cookware", "732393", "household", "CT 8-15 600-900 0.04 22G1 42G1",
       "CN:5 IN:3", ("STAINLESS STEEL COOKWARE SETS", "STAINLESS STEEL POTS AND PANS")),
    _c("books", "490199", "household", "CT 12-18 1000-1300 0.02 22G1",
       "GB:2 US:3 IN:2 CN:2", ("PRINTED BOOKS", "SCHOOL TEXTBOOKS")),
)  # fmt: skip

VAGUE_DESCRIPTIONS = (
    "FAK",
    "FREIGHT OF ALL KINDS",
    "GENERAL CARGO",
    "SAID TO CONTAIN GENERAL MERCHANDISE",
    "CONSOLIDATED CARGO",
    "PARTS",
    "FOODSTUFFS",
    "STC SUNDRIES",
)
"""Descriptions that say nothing about the goods (indicator 1); never used for honest cargo."""

PERSONAL_EFFECTS = (
    "PERSONAL EFFECTS",
    "HOUSEHOLD GOODS AND PERSONAL EFFECTS",
    "SAID TO CONTAIN HOUSEHOLD GOODS",
)
"""Barrel-trade descriptions, vague by nature."""

BARRELS = _c("personal_effects", "", "household", "BA 80-130 30-40 0.25 22G1 42G1", "US:1",
             PERSONAL_EFFECTS, "JM:1 BS:1")  # fmt: skip
"""Barrels of a family's goods sent home; no HS code is filed for them. Not an ordinary trade
lane of the demo: only the planted firearms pattern ships them."""

EMPTY_CONTAINER_HS = "860900"
EMPTY_CONTAINER_DESCRIPTION = "EMPTY CONTAINER"


@cache
def by_hs_code() -> dict[str, Commodity]:
    """Commodity by HS code: how a description or a weight is compared with its norm."""
    return {c.hs_code: c for c in COMMODITIES}


@cache
def by_key() -> dict[str, Commodity]:
    """Commodity by its short key, for patterns that name the goods they hide."""
    return {c.key: c for c in COMMODITIES}
