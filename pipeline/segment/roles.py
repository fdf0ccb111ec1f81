"""Section roles from heading words, position and content.

Heading words (pipeline/data/segment_roles.json) name most parts. A top section they leave
unnamed takes its role from where it sits and what it holds: between the purpose or objectives
and the implementation, a section whose items open with imperative verbs is the tasks part,
whatever its title ("II. VỀ LÃNH ĐẠO...", "III. PHƯƠNG THỨC...").
"""

from __future__ import annotations

from .outline import Node
from .vocab import vocab

_AFTER = ("purpose", "objectives", "targets")  # parts that come before the tasks part


def role_of(title: str) -> str | None:
    """The role a heading announces, or None when its words say nothing."""
    up = title.upper().strip().strip("*_ ")
    if "MỤC TIÊU" in up and "CHỈ TIÊU" in up:
        return "objectives"
    for role, rx in vocab().roles:
        if rx.search(up):
            return role
    return None


def is_closing(text: str) -> bool:
    return bool(vocab().closing.match(text.strip().lstrip("*_ ")))


def leaves(node: Node) -> list[Node]:
    """Items under a node that have no items of their own."""
    return [n for n in node.walk() if n.unit is not None and n.unit.table is None and not n.marked_children
            and (n.marker is not None or n.parent is not node)]


def imperative_share(node: Node) -> tuple[int, float]:
    """How many leaf items a section holds and the share that open with an imperative verb."""
    items = [n for n in leaves(node) if n.marker is not None and n.marker.style not in ("period", "group")]
    if not items:
        return 0, 0.0
    verbs = vocab().verbs
    hits = sum(1 for n in items if verbs.match(n.unit.body.strip().strip("*_ ").lower()))
    return len(items), hits / len(items)


def looks_like_tasks(node: Node) -> bool:
    n, share = imperative_share(node)
    return n >= 2 and share >= 0.5


def assign(root: Node) -> None:
    """Top sections from their headings; unnamed top sections between the purpose/objectives and
    the implementation are the tasks part when they hold imperative items (or, as before, any
    numbered items once the objectives are read); children inherit, except that "Chỉ tiêu"
    inside objectives marks targets and "Mục tiêu" inside targets marks objectives. Unnamed
    containers (Markdown titles, PHẦN) are looked into."""
    _level(root, {"goal": False, "intro": False})


def _level(node: Node, seen: dict[str, bool]) -> None:
    for top in node.children:
        if top.free:
            continue
        st = top.marker.style
        if st == "closing":
            _inherit(top, "closing")
            continue
        if st == "appendix":
            _inherit(top, "appendix")
            continue
        r = role_of(top.title[:160])
        if r is None and (st.startswith("h") or st == "part") and top.marked_children:
            top.role = "other"
            _level(top, seen)
            continue
        if r in ("objectives", "targets"):
            seen["goal"] = True
        if r in _AFTER:
            seen["intro"] = True
        if r is None:
            between = seen["intro"] and top.marked_children
            r = "tasks" if between and (seen["goal"] or looks_like_tasks(top)) else "other"
        if r == "implementation":
            seen["goal"] = seen["intro"] = False
        _inherit(top, r)


def _inherit(node: Node, role: str) -> None:
    node.role = role
    for c in node.children:
        r = role
        if not c.free and role in ("objectives", "targets"):
            own = role_of(c.title[:120])
            if own in ("objectives", "targets"):
                r = own
        _inherit(c, r)
