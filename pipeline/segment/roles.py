"""Section roles from heading words."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .outline import Node

_DATA = Path(__file__).resolve().parent.parent / "data" / "segment_roles.json"
_CLOSING_RX = re.compile(r"^(?:Nơi nhận|NƠI NHẬN|T/M\b|TM\.|T\.M\b|KT\.|BÍ THƯ\b|PHÓ BÍ THƯ|CHỦ TỊCH\b)")



@lru_cache(maxsize=1)
def _table() -> list[tuple[str, list[str]]]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return [(role, words) for role, words in data["roles"]]


def role_of(title: str) -> str | None:
    """The role a heading announces, or None when its words say nothing."""
    up = title.upper()
    if "MỤC TIÊU" in up and "CHỈ TIÊU" in up:
        return "objectives"
    for role, words in _table():
        if any(w in up for w in words):
            return role
    return None


def is_closing(text: str) -> bool:
    return bool(_CLOSING_RX.match(text.strip().lstrip("*_ ")))


def assign(root: Node) -> None:
    """Top sections from their headings; unnamed top sections between the objectives and the
    implementation are the plan's body (tasks); children inherit, except that "Chỉ tiêu" inside
    objectives marks targets and "Mục tiêu" inside targets marks objectives. Unnamed containers
    (Markdown titles, PHẦN) are looked into."""
    _level(root, [False])


def _level(node: Node, seen_goal: list[bool]) -> None:
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
            _level(top, seen_goal)
            continue
        if r in ("objectives", "targets"):
            seen_goal[0] = True
        if r is None:
            r = "tasks" if seen_goal[0] and top.marked_children else "other"
        if r == "implementation":
            seen_goal[0] = False
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
