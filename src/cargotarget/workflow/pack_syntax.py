"""Reading and writing the text of a rule pack: YAML or JSON in, plain Python values out.

YAML is read with a safe loader that also refuses aliases (a few lines of anchors and aliases
can stand for gigabytes of data) and duplicate keys (the second would silently win). Syntax
errors are reported with the line and column in the file. Writing produces readable YAML with
multi-line conditions as literal blocks, or indented JSON.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import msgspec
import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node


class PackFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"


class PackSyntaxError(ValueError):
    """The file is not well-formed YAML or JSON (or not text at all)."""


class _PackLoader(yaml.SafeLoader):
    """The safe YAML loader, without aliases and with duplicate keys refused."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in a rule pack", mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                continue
            if key in seen:
                raise ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _PackDumper(yaml.SafeDumper):
    """The safe YAML dumper, writing multi-line text as literal blocks."""


#: Characters YAML reads as line breaks; text holding them is written double-quoted, where
#: they are escaped, because PyYAML would otherwise write them raw and read them back changed.
_BREAKS = frozenset("\r\x85\u2028\u2029")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _BREAKS.intersection(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_PackDumper.add_representer(str, _text)


def detect_format(name: str, data: bytes) -> PackFormat:
    """The format of a pack from its file name, or from its first character when the name
    does not say."""
    lower = name.lower()
    if lower.endswith((".yaml", ".yml")):
        return PackFormat.YAML
    if lower.endswith(".json"):
        return PackFormat.JSON
    return PackFormat.JSON if data.lstrip()[:1] in (b"{", b"[") else PackFormat.YAML


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


_BYTE = re.compile(r"\(byte (\d+)\)")


def _load_json(data: bytes) -> Any:
    try:
        return msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        message = str(exc)
        found = _BYTE.search(message)
        if found is None:
            message = message.replace("Input data was truncated", "it ends before the pack does")
            raise PackSyntaxError(f"the JSON cannot be read: {message}") from None
        line, column = _line_column(data, int(found.group(1)))
        reason = _BYTE.sub("", message).removeprefix("JSON is malformed: ").strip()
        raise PackSyntaxError(
            f"the JSON cannot be read at line {line}, column {column}: {reason}"
        ) from None


def _load_yaml(data: bytes) -> Any:
    try:
        return yaml.load(data, Loader=_PackLoader)  # the loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = exc.problem or exc.context or "malformed"
        raise PackSyntaxError(f"the YAML cannot be read{where}: {reason}") from None
    except yaml.reader.ReaderError as exc:
        message = f"the file is not text: {exc.reason} at byte {exc.position}"
        raise PackSyntaxError(message) from None
    except yaml.YAMLError as exc:
        raise PackSyntaxError(f"the YAML cannot be read: {exc}") from None
    except RecursionError:
        raise PackSyntaxError("the YAML is nested too deeply") from None


def load_text(data: bytes, fmt: PackFormat) -> Any:
    """The plain values (dicts, lists, text, numbers, dates) of a pack in ``fmt``."""
    return _load_json(data) if fmt is PackFormat.JSON else _load_yaml(data)


def dump_text(values: dict[str, Any], fmt: PackFormat) -> bytes:
    """``values`` (plain, with dates as :class:`datetime.date`) as YAML or indented JSON."""
    if fmt is PackFormat.JSON:
        return msgspec.json.format(msgspec.json.encode(values), indent=2) + b"\n"
    text = yaml.dump(
        values,
        Dumper=_PackDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return text.encode("utf-8")
