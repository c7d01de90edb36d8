"""Users scoped to ports: the condition that keeps a read to the cargo discharged at them.

A scope is a set of UN/LOCODEs, or None for every port. As with
:meth:`cargotarget.model.users.User.sees_port`, a consignment without a port of discharge is
seen only by users of every port (``NULL IN (...)`` is never true).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, true

from cargotarget.store import tables as t

#: The ports a reader sees: UN/LOCODEs, or None for every port.
Ports = frozenset[str] | None


def discharged_at(ports: str | Collection[str] | None) -> ColumnElement[Any]:
    """Consignments discharged at ``ports`` (one port, a set of them, or None: any)."""
    column = t.consignment.c.port_of_discharge
    if ports is None:
        return true()
    if isinstance(ports, str):
        return column == ports
    return column.in_(sorted(ports))


def sees(ports: Ports, port: str | None) -> bool:
    """Whether a reader scoped to ``ports`` sees cargo discharged at ``port``."""
    return ports is None or (port is not None and port in ports)
