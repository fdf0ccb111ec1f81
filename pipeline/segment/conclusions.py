"""The work of a meeting's conclusions when no part of them is a tasks part.

A "Thông báo kết luận" or "Kết luận" of a Party committee records, topic by topic, what the
meeting assessed, what it approved and whom it charged with what. With no heading that names
the work ("1.1. Công tác chuẩn bị các nội dung văn kiện Đại hội", or no heading at all), the work
is what the text addresses to someone: the items that charge a body or a person ("Giao Ban Xây
dựng Đảng ...", "Phân công đồng chí Phó Bí thư ...") or ask them to act ("Đề nghị Ban Thường
trực Uỷ ban MTTQVN xã tiếp tục rà soát ...", "- Về chương trình Đại hội: Đề nghị tiếp tục rà
soát ..."). In a conclusion such a request is addressed downwards, so it orders; in a report it
would be a proposal, and the report kinds never come here. What the meeting approved
("Thường trực Đảng uỷ nhất trí với ..."), the schedule it agreed, its assessment of results and
shortcomings, and a lead-in that announces the items under it (ending with ":") assign nothing.
"""

from __future__ import annotations

from ..model import Document
from ..records import Task
from . import items
from .outline import Node
from .vocab import vocab

_SKIP = {"preamble", "closing", "appendix"}


def _assigns(text: str) -> bool:
    v = vocab()
    t = text.strip().strip("*_ ")
    return bool(v.assign_order.search(t) or v.assign_plea.search(t))


def _assessed(n: Node) -> bool:
    """Under a heading of results or shortcomings ("1. Kết quả đạt được:", "2. ... hạn chế ...")."""
    v = vocab()
    for a in n.ancestors():
        up = a.title.upper().strip().strip("*_ ")
        if a.marker is not None and (v.situation.search(up) or v.shortcomings.search(up)):
            return True
    return False


def _closing(text: str) -> bool:
    """The closing appeal ("Căn cứ kết luận ..., đề nghị các cơ quan liên quan ... thực hiện./."), not the
    last order of a one-paragraph notice that also ends the text ("Giao Ban Xây dựng Đảng ... quy định./.")."""
    t = text.strip().strip("*_ ")
    opens_order = vocab().assign_order.match(t) is not None
    return items.closing(t) and not opens_order


def work_nodes(root: Node) -> list[Node]:
    out = []
    for n in root.walk():
        if n.unit is None or n.unit.table is not None or n.role in _SKIP or n.marked_children:
            continue
        text = n.unit.body.strip()  # without its marker ("- Đề nghị ...")
        if text.endswith(":") or _closing(text) or not _assigns(text) or _assessed(n):
            continue
        if any(a in out for a in n.ancestors()):
            continue  # a paragraph that continues an item already taken
        out.append(n)
    return out


def tasks(doc: Document, root: Node, kind: str | None) -> list[Task]:
    if kind not in vocab().conclusion_kinds:
        return []
    return [items.record(doc, n, {}) for n in work_nodes(root)]


def requests(doc: Document, root: Node, kind: str | None) -> list[Task]:
    """An official letter (kinds `order_kinds`) with no list of work: its requests are its tasks, wherever the
    sentence puts them ("Để tiếp tục hoàn thiện dự thảo Báo cáo, Bộ Nội vụ đề nghị các bộ, cơ quan ngang bộ ...
    nghiên cứu, tham gia góp ý ..."). Lead-ins, closings and the purpose ("Thực hiện ...") request nothing.
    Source: tests/data/realshapes central_BNV_8151-BNV-CCHC (dev, round 8)."""
    v = vocab()
    if kind not in v.order_kinds:
        return []
    out = []
    for n in root.walk():
        # a letter without parts is all "preamble" to the outline: its paragraphs are read too
        if n.unit is None or n.unit.table is not None or n.role in ("closing", "appendix") or n.marked_children:
            continue
        text = n.unit.body.strip()
        if text.endswith(":") or _closing(text) or not v.request_any.search(text):
            continue
        if any(a in out for a in n.ancestors()):
            continue
        out.append(n)
    return [items.record(doc, n, {}) for n in out]
