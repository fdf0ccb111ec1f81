"""The numbering ladder as a tree. Numbers are evidence, not truth: the tree is built from the
marker *styles* (a style already open on the stack closes back to it; a new style nests under the
deepest open node that ranks above it), and gaps, restarts and style mixes become diagnostics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..model import Diagnostic
from . import markers
from .markers import Marker
from .units import Unit

_TITLE_MAX = 220


@dataclass
class Node:
    unit: Unit | None  # None for the root
    marker: Marker | None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)  # marker nodes and free paragraphs/tables
    id: str = ""
    role: str = "other"

    @property
    def free(self) -> bool:
        return self.marker is None

    def require_unit(self) -> Unit:
        """The node's paragraph or table, for a node known to lie below the root (the only node
        without one): the extractors read items and sections, never the root itself."""
        if self.unit is None:
            raise ValueError("the outline root has no unit")
        return self.unit

    def require_marker(self) -> Marker:
        """The node's marker, for a node known to be numbered or bulleted (not free, not the
        root): the nodes on the open stack of `build`, or ones a caller has checked with `free`."""
        if self.marker is None:
            raise ValueError(f"node {self.id or '(root)'} has no marker")
        return self.marker

    def require_parent(self) -> Node:
        """The node's parent, for a node known to lie below the root (the root for a top node)."""
        if self.parent is None:
            raise ValueError("the outline root has no parent")
        return self.parent

    @property
    def label(self) -> str:
        return self.marker.label if self.marker else ""

    @property
    def title(self) -> str:
        return self.unit.body.strip() if self.unit else ""

    @property
    def full_title(self) -> str:
        """The title with the lines in capitals that wrap it ("A. ĐỐI VỚI VIỆC HIỆP THƯƠNG," then
        "GIỚI THIỆU NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI"): a centred heading of a .docx is often two
        paragraphs, and its second one names what the branch is about (whose election, which level)."""
        title = self.title
        if not _capitals(title) or title.rstrip().endswith((".", ":", ";")):
            return title
        for c in self.children:
            if not c.free or c.unit is None or c.unit.table is not None or not _capitals(c.unit.text):
                break
            if len(title) + len(c.unit.text) > _TITLE_MAX:
                break
            title = f"{title.rstrip()} {c.unit.text.strip()}"
        return title

    @property
    def marked_children(self) -> list[Node]:
        return [c for c in self.children if c.marker is not None]

    @cached_property
    def is_section(self) -> bool:
        """Owns other items: a heading, or a node with numbered children, or a short title
        followed by free paragraphs (a sub-heading whose items carry no bullets)."""
        if self.unit is None or (self.unit.heading and self.marker is not None):
            return True
        if self.marker is not None and self.marker.style == "closing" and self.unit.table is not None:
            return True  # a signature table: the closing section of a .docx
        if self.marked_children:
            return True
        frees = [c for c in self.children if c.unit is not None]
        if frees and self.marker is not None and not self.marker.listy:
            return _heading_like(self.title)
        if len(frees) >= 2 and self.marker is not None and self.marker.listy:
            # "+ Nội dung theo dõi" over unmarked paragraphs: a label, not an item with its text
            t = self.title.strip().strip("*_ ")
            return len(t) <= 60 and t[-1:] not in ".;,"
        return False

    def ancestors(self) -> list[Node]:
        out, n = [], self.parent
        while n is not None and n.unit is not None:
            out.append(n)
            n = n.parent
        return out[::-1]

    def walk(self) -> list[Node]:
        """Descendants in reading order. The tree is read many times once built, so the list is
        kept; `build` makes the tree before anyone walks it."""
        w = self.__dict__.get("_walk")
        if w is None:
            w, stack = [], list(reversed(self.children))
            while stack:
                n = stack.pop()
                w.append(n)
                stack.extend(reversed(n.children))
            self.__dict__["_walk"] = w
        return w


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and all(ch.isupper() for ch in letters)


def _heading_like(title: str) -> bool:
    t = title.strip()
    return bool(t) and len(t) <= _TITLE_MAX and (t[-1] not in ".;" or t.endswith(":"))


def _roman_value(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total, prev = 0, 0
    for ch in reversed(s):
        v = vals.get(ch, 0)
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def ordinal(m: Marker) -> int | None:
    """The number a marker claims, for gap/restart checks."""
    lab = m.label.strip("()")
    if m.style == "roman":
        return _roman_value(lab)
    if m.style.startswith("num") or m.style == "paren":
        last = lab.split(".")[-1]
        if last.isdigit():
            return int(last)
        return None
    if m.style == "upper":
        return "ABCDĐEGHIKLMNOPQRSTUVXY".find(lab) + 1 or None
    if m.style == "alpha":
        order = "abcdđeghiklmnopqrstuvxy"
        return order.index(lab) + 1 if lab in order else None
    return None


_GROUP_LABEL = re.compile(r"^[^.;]{2,80}:\s*(?:\(?\d{1,3}\s+\w+(?:\s+\w+){0,3}\)?)?$")


def _group_label(u: Unit, nxt: Unit | None) -> bool:
    """A bullet that only labels the numbered items after it ("- Về kiểm tra: 02 cuộc" then "1.",
    "2."): the numbering ranks above the bullet, so without this the items would climb out of it."""
    m, n = u.marker, nxt.marker if nxt is not None else None
    if m is None or not m.listy:
        return False
    if (n is not None and not n.listy and n.style not in ("closing", "period") and 1.5 < n.rank < m.rank
            and _GROUP_LABEL.match(m.rest.strip())):
        return True
    # the label with its one item run on as a wrapped line ("- Về giám sát: 01 cuộc" + paragraph)
    first = markers.parse(u.blocks[0].normalized) if len(u.blocks) > 1 else None
    run_on = u.blocks[1].normalized.strip()[:1] if len(u.blocks) > 1 else ""
    return bool(first is not None and first.listy and _GROUP_LABEL.match(first.rest.strip())
                and run_on.isupper())  # a new sentence, not "(Trong đó: ...)" continuing the line


def _floating(m: Marker, u: Unit, nxt: Unit | None, stack: list[Node]) -> Marker | None:
    """Period lines and group labels nest under whatever is open (a bullet item is closed first)
    and rank just below it, so the items that follow nest under them whatever their numbering.
    A period line with no item after it is a plain paragraph (a cell of a table laid out one cell
    a line: "Quý IV/2025" between "|" lines)."""
    if m.style == "period" and (nxt is None or nxt.marker is None or nxt.marker.style in ("period", "closing")):
        return None
    if m.style != "period" and not _group_label(u, nxt):
        return m
    style = m.style if m.style == "period" else "group"
    if style == "group":  # labelled by its words ("Về kiểm tra"), not by its bullet
        first = markers.parse(u.blocks[0].normalized) or m
        m = replace(m, label=first.rest.split(":")[0].strip()[:60] or m.label)
    open_ = [n.marker for n in stack if n.marker is not None and n.marker.style == style]
    if open_:
        return replace(m, style=style, rank=open_[-1].rank)  # closes back to the open one
    k = len(stack) - 1
    while k > 0 and (open_marker := stack[k].marker) is not None and open_marker.listy:
        k -= 1
    top = stack[k].marker
    return replace(m, style=style, rank=(top.rank if top is not None else -0.5) + 0.01)


_EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?=\S)([^*_]{2,160}?)(?<=\S)\1\s*[:.]?$")


def _emphasis_label(u: Unit, nxt: Unit | None) -> Marker | None:
    """A line that is all bold or italic and opens a list ("*Đối với các bộ, ban, ngành trung ương*"
    over "- Hoàn thành ...", in a web page that renders a plan's sub-headings as emphasis): a group
    label like "- Về kiểm tra:", not a paragraph continuing the bullet before it."""
    if u.heading or u.table is not None:
        return None
    m = _EMPHASIS.match(" ".join(b.text.strip() for b in u.blocks))  # the emphasis as written
    if m is None:
        return None
    text = m.group(2).strip()
    if nxt is None or nxt.marker is None or not nxt.marker.listy:
        return None
    # it holds bullets only: any numbered heading closes it, and a second label closes the first
    return Marker("group", text[:60], m.group(1), markers.RANK["dash"] - 0.05, text)


def build(units: list[Unit], diags: list[Diagnostic]) -> Node:
    root = Node(None, None)
    stack = [root]
    for i, u in enumerate(units):
        m = u.marker
        nxt = units[i + 1] if i + 1 < len(units) else None
        if m is None:
            m = _emphasis_label(u, nxt)
            if m is None:
                stack[-1].children.append(Node(u, None, parent=stack[-1]))
                continue
        else:
            m = _floating(m, u, nxt, stack)
        if m is None:
            stack[-1].children.append(Node(u, None, parent=stack[-1]))
            continue
        top_level = m.style in ("appendix", "part", "roman") or m.style.startswith("h")
        if top_level and any(n.marker and n.marker.style == "closing" for n in stack):
            del stack[1:]
        same = [(i, n.marker) for i, n in enumerate(stack) if n.marker and n.marker.style == m.style]
        if same:
            at, prev = same[-1]
            del stack[at:]
            _check_sequence(prev, m, u, diags)
        else:
            # every node above the root on the stack was pushed with its marker
            while len(stack) > 1 and stack[-1].require_marker().rank >= m.rank:
                stack.pop()
            if stack[-1].marker is not None and stack[-1].marker.rank > m.rank:
                diags.append(Diagnostic(level="info", code="outline-inverted", block=u.first.id,
                                        message=f"{m.marker!r} nests under lower-ranked {stack[-1].marker.marker!r}"))
            first = ordinal(m)
            if first not in (None, 1) and not m.listy:
                diags.append(Diagnostic(code="outline-start", block=u.first.id,
                                        message=f"list opens at {m.marker!r}, not at 1/a"))
        node = Node(u, m, parent=stack[-1])
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _check_sequence(prev: Marker, cur: Marker, u: Unit, diags: list[Diagnostic]) -> None:
    a, b = ordinal(prev), ordinal(cur)
    if a is None or b is None or b == a + 1:
        return
    code = "outline-restart" if b <= a else "outline-skip"
    diags.append(Diagnostic(code=code, block=u.first.id,
                            message=f"{cur.marker!r} follows {prev.marker!r}"))


def _slug(node: Node) -> str:
    m = node.marker
    if m is None:
        return "p"
    if m.style.startswith("h"):
        words = re.findall(r"\w+", node.title.lower())[:3]
        return "h:" + "-".join(words) if words else "h"
    if m.style in ("period", "group"):
        words = re.findall(r"\w+", (m.label if m.style == "period" else m.rest).lower())[:3]
        return "-".join(words) or m.style
    return m.label


def assign_ids(root: Node) -> None:
    """Path ids from the labels; repeated labels get a suffix, list bullets get their ordinal
    among bullets of the same parent so an edit elsewhere leaves ids alone."""
    seen: set[str] = set()

    def visit(node: Node, prefix: str) -> None:
        n_items = 0
        for c in node.children:
            if c.free or (c.marker and c.marker.listy):
                n_items += 1
                part = f"t{n_items}"
            else:
                part = _slug(c)
            pre = "" if _transparent(node) else prefix
            cid = f"{pre}/{part}" if pre else part
            k = 2
            while cid in seen:
                cid = f"{pre}/{part}~{k}" if pre else f"{part}~{k}"
                k += 1
            seen.add(cid)
            c.id = cid
            visit(c, cid)

    visit(root, "")


def _transparent(node: Node) -> bool:
    """A Markdown title heading that wraps the numbered sections adds nothing to their ids."""
    return bool(node.marker and node.marker.style.startswith("h")
                and any(c.marker and c.marker.style in ("roman", "part", "upper") for c in node.children))
