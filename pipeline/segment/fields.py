"""Attribute lines of a task ("- Cơ quan chủ trì: ...", "- Thời gian hoàn thành: ...",
"Sản phẩm: ...", "Kinh phí: ..."): fields of the task above them, not tasks of their own.

Which tasks a line fills: the run of tasks read since the last attribute line of the same list,
so "1.1. ... a) Nhiệm vụ: (three bullets) b) Cơ quan thực hiện: ... c) Thời gian: ..." gives the
lead and deadline to the three bullets, and "- Task A / - Chủ trì: X / - Task B / - Chủ trì: Y"
gives X to A and Y to B.
"""

from __future__ import annotations

from .outline import Node
from .prose import split_bodies
from .vocab import vocab

Entry = tuple[Node, dict]


def field_of(node: Node) -> tuple[str, str] | None:
    """(field, value) when the node's text is an attribute line; "content" for "Nhiệm vụ: ..."."""
    if node.unit is None or node.unit.table is not None:
        return None
    body = node.unit.body.strip().strip("*_ ")
    low = body.lower()
    for name, rx in vocab().fields:
        m = rx.match(low)
        if m is None:
            continue
        if name == "content" and len(m.group(0).split()) > 2:
            continue  # "Nội dung giám sát của ...:" is a heading, "Nội dung:" a label
        if name == "detail" and node.marker is not None and not node.marker.listy:
            continue  # "2. Phương thức tổ chức:", "b) Hình thức khen thưởng:" head their own items
        return name, body[m.end():].strip(" *_")
    m = vocab().responsibility.match(body) if len(body) <= 160 and not node.marked_children else None
    if m is not None and not vocab().any_verb.search(m.group("body")) and _only_who(body[m.end("verb"):]):
        # "- Ban Xây dựng Đảng chủ trì, phối hợp ...": who does the task above (a body, no work in it;
        # "Ban Xây dựng Đảng" is a name), not "Sở Tài chính chủ trì bố trí kinh phí" (a task)
        return ("partners" if m.group("verb") == "phối hợp" else "lead"), m.group("body").strip(" ,")
    return None


def _only_who(rest: str) -> bool:
    """The rest of a responsibility line names more bodies, duties and a time, nothing to do."""
    left = vocab().responsibility_rest.sub(" ", rest)
    return not any(w[:1].islower() for w in left.split())


def is_attribute(node: Node) -> bool:
    f = field_of(node)
    return f is not None and f[0] != "content"


def detail_lists(children: list[Node]) -> set[int]:
    """Ids of the list items that belong to a detail line announcing them ("Điểm quan trắc: ... lấy mẫu tại
    15 vị trí như sau:" then "- Cửa sông ...: Lấy mẫu 01 vị trí ..."): the detail's content, not tasks. The
    list runs until the next attribute line or free paragraph."""
    out: set[int] = set()
    open_ = False
    for c in children:
        if c.unit is None or c.unit.table is not None:
            continue
        f = field_of(c)
        if f is not None:
            open_ = f[0] == "detail" and not c.marked_children and c.unit.body.rstrip(" *_").endswith(":")
        elif c.free or c.marker is None:
            open_ = False
        elif open_:
            out.add(id(c))
    return out


def attribute_only(node: Node) -> bool:
    """Every line under the node is an attribute line or a list a detail line announces: the node is
    the task and they are its fields ("1.2. Ngao" over "- Điểm quan trắc: ..." and "- Thông số ...:")."""
    kids = [c for c in node.children if c.unit is not None and c.unit.table is None]
    if not node.marked_children or not kids:
        return False
    listed = detail_lists(kids)
    return all(is_attribute(c) or id(c) in listed for c in kids)


def fill(run: list[Entry], node: Node, field: tuple[str, str]) -> None:
    """Give the tasks of `run` the value of an attribute line (and of its own sub-lines)."""
    name, value = field
    if name == "detail":
        return  # where, what, how much: no task field holds it
    parts = [value] if value else []
    for c in node.children:
        sub = field_of(c)
        if sub is not None and sub[0] != "content":
            fill(run, c, sub)
        elif c.unit is not None and c.unit.table is None:
            parts.append(c.unit.body.strip())
    text = "; ".join(p.strip(" ;.") for p in parts if p.strip(" ;."))
    if not text:
        return
    if name == "executor":
        name = "lead"
    for _n, f in run:
        if name == "partners":
            f.setdefault("partners", split_bodies(text))
        else:
            f.setdefault(name, text)


def strip_label(node: Node, text: str) -> str:
    """A task written after its content label ("a) Nhiệm vụ: Tham mưu ...") is the words after it."""
    f = field_of(node)
    if f is not None and f[0] == "content" and f[1]:
        k = text.find(f[1][:20])
        return text[k:] if k >= 0 else text
    return text
