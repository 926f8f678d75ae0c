"""A tiny CSS matcher for the selector-map tests: enough CSS for our selectors.

Supports selector lists, descendant and child combinators, tag, ``#id``,
``.class``, ``[attr]``, ``[attr=v]``, ``[attr$=v]``, ``[attr*=v]`` and
``:has(<relative selector>)``. Unknown syntax raises, so a selector the map
grows into is never silently "matched".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"br", "img", "input", "meta", "link", "hr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def descendants(self):
        for child in self.children:
            yield child
            yield from child.descendants()


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent  # type: ignore[assignment]
        if node is not self.root:
            self.current = node.parent  # type: ignore[assignment]


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    return builder.root


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


_SIMPLE = re.compile(
    r"""(?P<tag>^[a-zA-Z][\w-]*)|\#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)
    |\[(?P<attr>[\w-]+)(?:(?P<op>[$*]?=)(?P<val>"[^"]*"|'[^']*'|[^\]]+))?\]""",
    re.VERBOSE,
)


def _compound_matches(node: Node, compound: str) -> bool:
    pos = 0
    while pos < len(compound):
        if compound.startswith(":has(", pos):
            depth, end = 0, pos + 4
            for end in range(pos + 4, len(compound)):
                depth += {"(": 1, ")": -1}.get(compound[end], 0)
                if depth == 0:
                    break
            inner = compound[pos + 5 : end]
            if not any(match_list(inner, d) for d in node.descendants()):
                return False
            pos = end + 1
            continue
        m = _SIMPLE.match(compound, pos)
        if not m or m.end() == pos:
            raise ValueError(f"unsupported CSS at {compound[pos:]!r}")
        if m.group("tag") and node.tag != m.group("tag").lower():
            return False
        if m.group("id") and node.attrs.get("id") != m.group("id"):
            return False
        if m.group("cls") and m.group("cls") not in node.classes:
            return False
        if m.group("attr"):
            name = m.group("attr")
            if name not in node.attrs:
                return False
            if m.group("op"):
                want, have = m.group("val").strip("\"'"), node.attrs[name]
                op = m.group("op")
                ok = (
                    have == want
                    if op == "="
                    else have.endswith(want)
                    if op == "$="
                    else want in have
                )
                if not ok:
                    return False
        pos = m.end()
    return True


def _tokens(selector: str) -> list[str]:
    """Compounds and combinators (' ' or '>') of one complex selector."""
    spaced = re.sub(r"\s*>\s*", " > ", selector.strip())
    out: list[str] = []
    for part in _split_top(spaced, " "):
        if part:
            out.append(part)
    return out


def _complex_matches(node: Node, tokens: list[str]) -> bool:
    if not _compound_matches(node, tokens[-1]):
        return False
    if len(tokens) == 1:
        return True
    if tokens[-2] == ">":
        parent = node.parent
        return parent is not None and _complex_matches(parent, tokens[:-2])
    ancestor = node.parent
    while ancestor is not None and ancestor.tag != "#root":
        if _complex_matches(ancestor, tokens[:-1]):
            return True
        ancestor = ancestor.parent
    return False


def match_list(selector: str, node: Node) -> bool:
    return any(_complex_matches(node, _tokens(s)) for s in _split_top(selector, ","))


def select(root: Node, selector: str) -> list[Node]:
    return [n for n in root.descendants() if match_list(selector, n)]
