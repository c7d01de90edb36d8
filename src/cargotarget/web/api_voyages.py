"""Reading a voyage through the API: the conveyance, its manifests and the consignments it
carries at the caller's ports, highest score first."""

from __future__ import annotations

from typing import Annotated

import msgspec
from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from cargotarget.model.access import Permission
from cargotarget.store.voyages import VoyageView
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.schemas import INVALID, refusal, reply
from cargotarget.workflow.voyages import read_voyage, record_voyage_view

router = APIRouter(prefix="/api/v1", tags=["cargo"])


@router.get(
    "/voyages/{voyage_id}",
    summary="A voyage with its manifests and consignments",
    responses={
        200: reply(
            VoyageView,
            description="the voyage, its manifests and consignments, highest score first",
        ),
        404: refusal("no such voyage, or none of its cargo at the caller's ports"),
        422: INVALID,
    },
)
def read_voyage_api(
    request: Request,
    voyage_id: Annotated[int, Path(ge=1, le=2**62)],
    principal: Annotated[Principal, needs(Permission.VIEW_CONSIGNMENT)],
) -> Response:
    """Voyage ``voyage_id``: the conveyance and route, the manifests, and the consignments
    discharged at the caller's ports (a token acts with its owner's ports), highest score
    first. Listing them is audited as a search by voyage."""
    context: WebContext = request.app.state.context
    ports = principal.user.ports
    with context.engine.connect() as conn:
        view = read_voyage(conn, voyage_id, ports)
    if view is None:
        raise ApiError(404, f"no voyage with id {voyage_id}")
    with context.writing() as conn:
        record_voyage_view(conn, principal.actor, view, ports)
    return Response(msgspec.json.encode(view), media_type="application/json")
