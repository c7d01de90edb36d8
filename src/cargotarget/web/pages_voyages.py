"""The voyage page: the conveyance, its route and arrival, its manifests and the consignments
it carries, highest score first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from cargotarget.model.access import Permission
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.templating import render
from cargotarget.workflow.voyages import read_voyage, record_voyage_view

router = APIRouter(include_in_schema=False)


@router.get("/voyages/{voyage_id}", response_class=HTMLResponse)
def voyage_page(
    request: Request,
    voyage_id: Annotated[int, Path(ge=1, le=2**62)],
    principal: Annotated[Principal, needs(Permission.VIEW_CONSIGNMENT)],
) -> HTMLResponse:
    context: WebContext = request.app.state.context
    ports = principal.user.ports
    with context.engine.connect() as conn:
        # A voyage none of whose cargo is at the user's ports is answered as unknown.
        view = read_voyage(conn, voyage_id, ports)
    if view is None:
        message = f"no voyage with id {voyage_id}"
        return render(request, "error.html", principal, 404, title="Not found", message=message)
    with context.writing() as conn:
        record_voyage_view(conn, principal.actor, view, ports)
    return render(request, "voyage.html", principal, view=view)
