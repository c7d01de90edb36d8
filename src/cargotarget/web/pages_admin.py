"""The audit trail viewer and the administration of users, their ports and API tokens.

The routes live in :mod:`pages_audit`, :mod:`pages_users`, :mod:`pages_tokens` and (the API's
audit trail, listed in the OpenAPI document) :mod:`api_audit`; this router holds them all, so
that the app registers them with this one module.
"""

from __future__ import annotations

from fastapi import APIRouter

from cargotarget.web import api_audit, pages_audit, pages_tokens, pages_users

router = APIRouter(include_in_schema=False)
for _module in (pages_audit, pages_users, pages_tokens, api_audit):
    router.routes.extend(_module.router.routes)
