"""Writing a risk response to a filer as a UN/EDIFACT CUSRES (customs response) interchange.

Filers who send CUSCAR read EDIFACT back. One interchange holds one CUSRES:D:96B:UN message:

- ``BGM``: document 962 (customs response) with the response kind as its name, the response id
  as the document number, function 9 (original);
- ``DTM+137``: when the response was made (CCYYMMDDHHMM, format 203);
- ``RFF+ACW``: the filer's message the response answers (its BGM reference);
- ``RFF+BM``: the bill of lading, with the version answered as the reference's version;
- ``ERP``/``ERC``: the response's reason code (error point 1: the whole bill);
- ``FTX+AAO``: the message for the filer, in pieces of at most 512 characters;
- ``UNT`` with the count of segments UNH to UNT, ``UNZ`` with the count of messages.

The response text says what to do, never why the consignment was looked at (see
:mod:`cargotarget.model.responses`), so nothing here needs to hide anything.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cargotarget.ingest.edifact.layout import MessageLayout
from cargotarget.ingest.edifact.syntax import DEFAULT_CHARS
from cargotarget.model.responses import FilerResponse

MESSAGE_TYPE = ("CUSRES", "D", "96B", "UN")
#: UNCL 1001: customs response; the kind of response goes in the document name.
DOCUMENT_CODE = "962"
#: FTX 4451 "additional information"; UNCL 1153 reference qualifiers.
TEXT_SUBJECT = "AAO"
PREVIOUS_MESSAGE = "ACW"
BILL_OF_LADING = "BM"
_PIECE = 512
_PIECES = 5


def _pieces(text: str) -> list[str]:
    """``text`` in FTX components of at most 512 characters (five at most per segment)."""
    flat = " ".join(text.split())
    return [flat[i : i + _PIECE] for i in range(0, len(flat), _PIECE)] or [""]


def cusres_segments(layout: MessageLayout, response: FilerResponse, reference: str) -> list[str]:
    """The segments of one CUSRES message, UNH to UNT, without terminators."""
    seg = layout.segment
    made = response.created_at.astimezone(UTC)
    texts = [
        seg("UNH", reference, MESSAGE_TYPE),
        seg(
            "BGM",
            (DOCUMENT_CODE, None, None, response.kind.value),
            str(response.response_id),
            "9",
        ),
        seg("DTM", ("137", made.strftime("%Y%m%d%H%M"), "203")),
    ]
    if response.message_reference:
        texts.append(seg("RFF", (PREVIOUS_MESSAGE, response.message_reference)))
    texts.append(seg("RFF", (BILL_OF_LADING, response.bill_number, None, str(response.version))))
    texts += [seg("ERP", "1"), seg("ERC", response.reason_code)]
    pieces = _pieces(response.message)
    for start in range(0, len(pieces), _PIECES):
        texts.append(seg("FTX", TEXT_SUBJECT, None, None, pieces[start : start + _PIECES]))
    texts.append(seg("UNT", str(len(texts) + 1), reference))
    return texts


def write_cusres(
    response: FilerResponse,
    *,
    sender: str,
    recipient: str,
    control_ref: str,
    prepared_at: datetime | None = None,
) -> bytes:
    """One interchange (UNOW, syntax version 4) holding the CUSRES of ``response``."""
    layout = MessageLayout(DEFAULT_CHARS, MESSAGE_TYPE[2])
    when = (prepared_at or datetime.now(UTC)).astimezone(UTC)
    header = layout.segment(
        "UNB",
        ("UNOW", "4"),
        sender,
        recipient,
        (when.strftime("%Y%m%d"), when.strftime("%H%M")),
        control_ref,
    )
    body = cusres_segments(layout, response, "1")
    trailer = layout.segment("UNZ", "1", control_ref)
    end = DEFAULT_CHARS.terminator + "\n"
    return (DEFAULT_CHARS.una() + "\n" + end.join([header, *body, trailer]) + end).encode()
