"""User accounts on SQLite and PostgreSQL: one account per name, roles kept as a set."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from cargotarget.model.users import InvalidUsername, Role
from cargotarget.store.users import UserExists, add_user, set_active, set_roles, user_by_name, users


def test_users_are_added_found_and_listed(engine: Engine) -> None:
    with engine.begin() as conn:
        bob = add_user(conn, " Bob ", [Role.SUPERVISOR, Role.AUDITOR, Role.SUPERVISOR])
        add_user(conn, "alice", [Role.ANALYST], display_name="Alice Brown")
    assert bob.username == "bob"
    assert bob.display_name == "bob"
    assert bob.roles == frozenset({Role.SUPERVISOR, Role.AUDITOR})
    assert bob.active
    assert bob.created_at.tzinfo is not None
    with engine.connect() as conn:
        assert user_by_name(conn, "BOB") == bob
        assert user_by_name(conn, "nobody") is None
        assert [(u.username, u.display_name) for u in users(conn)] == [
            ("alice", "Alice Brown"),
            ("bob", "bob"),
        ]


def test_a_name_is_taken_once_whatever_its_case(engine: Engine) -> None:
    with engine.begin() as conn:
        add_user(conn, "alice", [Role.ANALYST])
        with pytest.raises(UserExists, match="user 'alice' already exists"):
            add_user(conn, "ALICE", [Role.EXAMINER])


@pytest.mark.parametrize("name", ["", "  ", "a b", "-dash", "x" * 65, "émile"])
def test_a_user_name_must_be_a_login(engine: Engine, name: str) -> None:
    with engine.begin() as conn, pytest.raises(InvalidUsername):
        add_user(conn, name, [Role.ANALYST])


def test_roles_and_the_active_flag_change(engine: Engine) -> None:
    with engine.begin() as conn:
        add_user(conn, "erin", [Role.EXAMINER])
        changed = set_roles(conn, "erin", [Role.EXAMINER, Role.TARGETING_OFFICER])
        assert changed is not None
        assert changed.roles == {Role.EXAMINER, Role.TARGETING_OFFICER}
        stopped = set_active(conn, "erin", False)
        assert stopped is not None
        assert not stopped.active
        assert set_active(conn, "nobody", False) is None
