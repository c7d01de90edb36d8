"""One goods item of an entry summary declaration (GOOITEGDS) read into a canonical goods item.

Packages (PACGS2) are summed: the canonical item has one package count, of the first kind
given; their marks are all kept. Containers (CONNR2) become the consignment's equipment;
special mentions (SPEMENMT2) and produced documents (PRODOCDC2) become its remarks, since an
officer reads them there.
"""

from __future__ import annotations

import re

from cargotarget.ingest.ens.marks import Marks
from cargotarget.ingest.ens.tree import Node
from cargotarget.model import reference
from cargotarget.model.codes import HsCode
from cargotarget.model.manifest import DangerousGoods, GoodsItem

#: Produced document types (EU code list 13) that name the master transport document.
MASTER_DOCUMENTS = frozenset({"N704", "N741"})
_DECIMAL = re.compile(r"[0-9]{1,15}(?:[.][0-9]{1,6})?")


def read_goods_item(item: Node, index: int, marks: Marks) -> GoodsItem:
    """The goods item, with every field's position marked at ``goods[index]``."""
    path = f"goods[{index}]"
    marks.mark(path, item)
    sequence = _integer(item, "IteNumGDS7", marks)
    hs_node = _commodity_code(item)
    hs_code = hs_node.text.strip().replace(".", "").replace(" ", "") if hs_node else None
    marks.mark(f"{path}.hs_code", hs_node)
    description = _description(item, hs_code, path, marks)
    count, kind, marks_text = _packages(item, path, marks)
    weight = _number(item, "GroMasGDS46", marks)
    marks.mark(f"{path}.gross_weight_kg", item.child("GroMasGDS46"))
    return GoodsItem(
        sequence=sequence if sequence is not None else index + 1,
        description=description,
        hs_code=hs_code or None,
        package_count=count,
        package_kind=kind,
        gross_weight_kg=weight,
        marks=marks_text,
        dangerous_goods=_dangerous_goods(item, marks),
        container_numbers=container_numbers(item),
    )


def container_numbers(item: Node) -> tuple[str, ...]:
    """The numbers of the containers the item is in, upper case without spaces."""
    found = (c.value("ConNumNR21") for c in item.all("CONNR2"))
    return tuple(dict.fromkeys(n.upper().replace(" ", "") for n in found if n))


def _commodity_code(item: Node) -> Node | None:
    group = item.child("COMCODGODITM")
    found = group.child("ComNomCMD1") if group is not None else None
    return found if found is not None and found.text.strip() else None


def _description(item: Node, hs_code: str | None, path: str, marks: Marks) -> str:
    """The goods description; ICS1 lets the commodity code stand in for it, so the HS
    description of that code is taken then, with a warning."""
    text = item.value("GooDesGDS23")
    marks.mark(f"{path}.description", item.child("GooDesGDS23"))
    if text or not hs_code:
        return text or ""
    described = reference.hs_description(hs_code) if HsCode.is_valid(hs_code) else None
    if described is None:
        return ""
    marks.warning(
        "described.by_code",
        f"goods item has no description; the HS description of {hs_code} is used",
        item,
    )
    return described


def _packages(
    item: Node, path: str, marks: Marks
) -> tuple[int | None, str | None, tuple[str, ...]]:
    total: int | None = None
    kind: str | None = None
    texts: list[str] = []
    for package in item.all("PACGS2"):
        count = _integer(package, "NumOfPacGS24", marks)
        if count is None:
            count = _integer(package, "NumOfPieGS25", marks)
        if count is not None:
            total = (total or 0) + count
            marks.mark(f"{path}.package_count", package)
        kind = kind or (package.value("KinOfPacGS23") or "").upper() or None
        text = package.value("MarNumOfPacGSL21")
        if text:
            texts.append(text)
    return total, kind, tuple(texts)


def _dangerous_goods(item: Node, marks: Marks) -> tuple[DangerousGoods, ...]:
    node = item.child("UNDanGooCodGDI1")
    code = item.value("UNDanGooCodGDI1")
    if code is None:
        return ()
    if not (len(code) == 4 and code.isascii() and code.isdigit()):
        marks.error("invalid.un_number", f"UN number {code!r} must be four digits", node)
        return ()
    return (DangerousGoods(un_number=code),)


def _integer(parent: Node, name: str, marks: Marks) -> int | None:
    text = parent.value(name)
    if text is None:
        return None
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    marks.error("invalid.number", f"{name} {text!r} is not a whole number", parent.child(name))
    return None


def _number(parent: Node, name: str, marks: Marks) -> float | None:
    text = parent.value(name)
    if text is None:
        return None
    if _DECIMAL.fullmatch(text) is None:
        marks.error("invalid.number", f"{name} {text!r} is not a number", parent.child(name))
        return None
    return float(text)
