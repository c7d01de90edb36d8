"""docs/formats/ens.md stays true: every code the reader maps is in its tables."""

from __future__ import annotations

from pathlib import Path

from cargotarget.ingest.ens.declaration import FUNCTIONS, MODES, PAYMENTS
from cargotarget.ingest.ens.goods import MASTER_DOCUMENTS
from cargotarget.ingest.ens.parties import HEADER_PARTIES, ITEM_PARTIES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "formats" / "ens.md").read_text("utf-8")


def test_every_mapped_code_and_element_is_documented() -> None:
    for code in [*FUNCTIONS, *MASTER_DOCUMENTS]:
        assert f"`{code}`" in DOC, code
    for mode in MODES:
        assert f"`{mode}`" in DOC, mode
    for payment in PAYMENTS:
        assert f"`{payment}`" in DOC, payment
    for group, elements in [*HEADER_PARTIES.items(), *ITEM_PARTIES.items()]:
        assert f"`{group}`" in DOC, group
        assert elements.role.value in DOC, elements.role
        for name in elements[1:]:
            assert f"`{name}`" in DOC, name
