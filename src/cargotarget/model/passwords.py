"""The rules a password must meet, each with a message that says what to change.

Length matters most (at least 12 characters); beyond that a password may not contain the user
name, may not be one character repeated, and may not be, or be built around, a password from the
short list of common ones shipped in ``data/common_passwords.csv`` (checked ignoring case and
leading or trailing digits and punctuation, so that ``Summer2026!`` counts as ``summer``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

MIN_LENGTH = 12
MAX_LENGTH = 1024
_PADDING = "0123456789!@#$%^&*()-_=+.,;:?~'\"/\\|[]{}<> "


class WeakPassword(ValueError):
    """A password that breaks one or more of the rules; ``problems`` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of passwords too common to use, in lower case."""
    text = resources.files("cargotarget.model").joinpath("data", "common_passwords.csv")
    lines = text.read_text("utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def password_problems(password: str, username: str) -> list[str]:
    """What is wrong with ``password`` for the user ``username`` (empty when nothing is)."""
    if len(password) < MIN_LENGTH:
        return [f"a password needs at least {MIN_LENGTH} characters; this one has {len(password)}"]
    if len(password) > MAX_LENGTH:
        return [f"a password may have at most {MAX_LENGTH} characters"]
    problems = []
    lowered, name = password.lower(), username.strip().lower()
    if len(name) >= 3 and name in lowered:
        problems.append("a password must not contain the user name")
    if len(set(password)) == 1:
        problems.append("a password must not be one character repeated")
    common = common_passwords()
    if lowered in common or lowered.strip(_PADDING) in common:
        problems.append(
            "this password is on the list of common passwords that attackers try first; "
            "choose a longer phrase of unrelated words"
        )
    return problems


def check_password(password: str, username: str) -> None:
    """Raise :class:`WeakPassword` with every problem of ``password``, if it has any."""
    problems = password_problems(password, username)
    if problems:
        raise WeakPassword(problems)
