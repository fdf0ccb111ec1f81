"""Section roles from heading words, position and content.

Heading words (pipeline/data/segment_roles.json) name most parts. A top section they leave
unnamed takes its role from where it sits and what it holds: between the purpose or objectives
and the implementation, a section whose items open with imperative verbs is the tasks part,
whatever its title ("II. VỀ LÃNH ĐẠO...", "III. PHƯƠNG THỨC...").
"""

from __future__ import annotations

from . import metrics
from .outline import Node
from .vocab import vocab

_AFTER = ("purpose", "objectives", "targets")  # parts that come before the tasks part


def role_of(title: str) -> str | None:
    """The role a heading announces, or None when its words say nothing."""
    up = title.upper().strip().strip("*_ ")
    if up.endswith("?"):
        return None  # a question ("Yêu cầu ... gồm những gì?", a web page's title) names no part
    if "MỤC TIÊU" in up and "CHỈ TIÊU" in up:
        return "objectives"
    if vocab().situation.match(up):
        return "other"  # "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ...": what was done, not the work assigned
    for role, rx in vocab().roles:
        if rx.search(up):
            return role
    return None


def is_closing(text: str) -> bool:
    return bool(vocab().closing.match(text.strip().lstrip("*_ ")))


def leaves(node: Node) -> list[Node]:
    """Items under a node that have no items of their own: marked leaves, and the paragraphs of
    sub-headings that carry no marked items."""
    out = []
    for n in node.walk():
        if n.unit is None or n.unit.table is not None or n.marked_children:
            continue
        if n.marker is not None and n.marker.style not in ("period", "group", "closing"):
            out.append(n)
        elif (n.marker is None and n.parent is not None and n.parent.unit is not None
              and n.parent.is_section and not n.parent.marked_children):
            out.append(n)  # the items of a sub-heading written as paragraphs
    return out


def imperative_share(node: Node) -> tuple[int, float]:
    """How many leaf items a section holds and the share that open with an imperative verb."""
    items = leaves(node)
    if not items:
        return 0, 0.0
    verbs = vocab().verbs
    # leaves() holds no node without a unit (the root has none)
    hits = sum(1 for n in items if verbs.match(n.require_unit().body.strip().strip("*_ ").lower()))
    return len(items), hits / len(items)


def metric_share(node: Node) -> float:
    """The share of a section's leaf items that state a number to reach ("Trên 80% ...", "đạt 18.000 tấn"):
    a content signal for a targets list, against a list of work that names none."""
    items = leaves(node)
    if not items:
        return 0.0
    return sum(1 for n in items if metrics.parse(n.require_unit().body)) / len(items)


def looks_like_tasks(node: Node) -> bool:
    n, share = imperative_share(node)
    return n >= 2 and share >= 0.5


def assign(root: Node) -> None:
    """Top sections from their headings; unnamed top sections between the purpose/objectives and
    the implementation are the tasks part when they hold imperative items (or, as before, any
    numbered items once the objectives are read); children inherit, except that "Chỉ tiêu"
    inside objectives marks targets and "Mục tiêu" inside targets marks objectives. Unnamed
    containers (Markdown titles, PHẦN) are looked into."""
    _level(root, {"goal": False, "intro": False, "tasks": False})


def assign_unnamed(root: Node, kind: str | None) -> None:
    """Once the document's kind is read: a document that assigns work (or of unknown kind, as a
    letter) and has no tasks part by name or place takes it from what it announces and holds. A
    report's imperative paragraphs are its proposals, not tasks."""
    if kind in vocab().report_kinds or any(n.role == "tasks" for n in root.walk()):
        return
    _unnamed_tasks(root)
    if kind in vocab().order_kinds and not any(n.role == "tasks" for n in root.walk()):
        for n in root.children:  # a directive's "I. Trách nhiệm ...": what it orders
            if (n.role == "implementation" and not n.free and n.marked_children
                    and vocab().order_parts.search(n.title.upper().strip().strip("*_ "))):
                _inherit(n, "tasks")


def _unnamed_tasks(root: Node) -> None:
    """No part is named or placed as the tasks part (a conclusion or a letter whose preamble says
    "... các nhiệm vụ sau:"): the unnamed numbered sections right after such an announcement, and
    unnamed sections whose items are mostly imperative, are."""
    said = False
    for n in root.walk():
        if n.marker is None:  # a free paragraph
            if n.unit is not None and n.unit.table is None:
                said = vocab().announce.search(n.unit.text.strip().lower()) is not None
            continue
        # the first numbered entry after the announcement may be a section or an item that is itself
        # a task ("1. Các cơ quan ... có trách nhiệm ..." before "4. Sở Nông nghiệp và Môi trường" a) b))
        if said and n.role == "other" and not n.marker.listy and (role_of(n.title[:160]) is None or _stated(n)):
            siblings = [c for c in (n.parent.children if n.parent else []) if not c.free]
            for c in siblings[siblings.index(n):]:
                # "6. Các sở ... phối hợp ...": siblings are not free, so they have a marker
                item = not c.is_section and c.require_marker().style == n.require_marker().style
                if c.role != "other" or not (c.is_section or item) or (c.is_section and role_of(c.title[:160])):
                    break
                _inherit(c, "tasks")
        elif said and n.role == "other" and n.marker.listy and not n.is_section:
            _announced_list(n)
        said = False
    for n in root.walk():
        if n.free or n.role != "other" or not n.is_section or n.marker is None or n.marker.listy:
            continue
        if n.marker.style.startswith("h") or n.marker.style in ("part", "appendix", "closing"):
            continue
        if role_of(n.title[:160]) is not None or any(a.role == "tasks" for a in n.ancestors()):
            continue
        k, share = imperative_share(n)
        own = vocab().verbs.match(n.title.strip().strip("*_ ").lower()) is not None
        if k >= 1 and (share >= 0.6 or (own and share >= 0.4)):
            _inherit(n, "tasks")
    # an unnamed sibling between two such sections is one of them ("5. Thúc đẩy ..." in a row of 1-6)
    for p in [root, *root.walk()]:
        kids = [c for c in p.children if not c.free]
        at = [i for i, c in enumerate(kids) if c.role == "tasks"]
        if len(at) < 2:
            continue
        for c in kids[at[0]:at[-1]]:
            if c.role == "other" and c.is_section and role_of(c.title[:160]) is None:
                _inherit(c, "tasks")


def _stated(n: Node) -> bool:
    """An announced numbered item that is one whole sentence ("1. Kết quả rà soát hồ sơ ... đề nghị thông tin
    bằng văn bản về Sở Nội vụ đến ngày 11 tháng 10 năm 2024."): its first words are its subject, not a heading
    that names a results part. Source: tests/data/realshapes province_DongThap_2967-SNV-TDKT (dev, shapes7)."""
    body = n.unit.body.strip() if n.unit is not None else ""
    return not n.is_section and len(body) >= 60 and body.endswith((".", ";"))


def is_assignment(text: str, request: bool) -> bool:
    """A paragraph that assigns work to a named body ("Giao Ban Thường vụ Đảng uỷ ...", "Bộ Nội vụ
    theo chức năng ... khẩn trương nghiên cứu"); with `request`, also one that asks it ("Do đó, đề
    nghị Đảng uỷ UBND xã ..."), which in a report is a proposal, not an order."""
    v = vocab()
    t = text.strip().strip("*_ ")
    return bool(v.assign_order.search(t) or (request and v.assign_request.search(t)))


def _says_assignment(text: str, request: bool) -> bool:
    return any(is_assignment(part, request) for part in text.split("\n"))


def holds_assignment(node: Node, request: bool) -> bool:
    return any(c.free and c.unit is not None and c.unit.table is None and is_assignment(c.unit.text, request)
               for c in node.walk())


def assign_answers(root: Node, kind: str | None) -> None:
    """A conclusion's part after its tasks part whose every item is answered by an assignment
    paragraph ("III. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH": "1. Về kiến nghị ..." then "Bộ Nội vụ theo chức
    năng ... nghiên cứu, xử lý"): the answers assign work, so the part is a tasks part too."""
    v = vocab()
    if kind not in v.conclusion_kinds:
        return
    request = kind not in v.report_kinds
    seen_tasks = False
    for n in root.walk():
        if n.role == "tasks":
            seen_tasks = True
            continue
        if (not seen_tasks or n.free or n.role != "other" or n.marker is None
                or n.marker.listy or n.marker.style in ("closing", "appendix")
                or v.situation.search(n.title.upper().strip().strip("*_ "))):
            continue
        kids = [c for c in n.children if not c.free]
        if n.is_section and kids and all(holds_assignment(c, request) for c in kids):
            _inherit(n, "tasks")
        elif (not n.is_section and n.marker.style in ("roman", "upper") and n.unit is not None
              and _says_assignment(n.unit.body, request)):
            # "II. Về cho ý kiến danh mục đầu tư công ... Giao Đảng uỷ UBND xã chỉ đạo ...": a topic whose
            # heading runs into its one paragraph, which charges a body
            _inherit(n, "tasks")


def _announced_list(first: Node) -> None:
    """The bullets right after "... thi đua thực hiện với các nội dung chủ yếu sau:" (a web page that
    quotes a plan's part without its numbering): the run of same-style items is what is announced."""
    siblings = [c for c in (first.parent.children if first.parent else []) if not c.free]
    for c in siblings[siblings.index(first):]:
        if c.role != "other" or c.marker is None or c.marker.style != first.require_marker().style:
            break
        _inherit(c, "tasks")


def _level(node: Node, seen: dict[str, bool]) -> None:
    for top in node.children:
        if top.marker is None:  # a free paragraph
            continue
        st = top.marker.style
        if st == "closing":
            _inherit(top, "closing")
            continue
        if st == "appendix":
            _inherit(top, "appendix")
            continue
        r = role_of(top.title[:160])
        if r is not None and (st.startswith("num") or top.marker.listy) and not top.is_section:
            r = None  # an item's sentence ("6. Các sở ... theo chức năng nhiệm vụ được giao ..."), not a heading
        container = st.startswith("h") and any(c.marker is not None and c.marker.style in ("roman", "upper")
                                               for c in top.children)
        if (r is None or container) and (st.startswith("h") or st in ("part", "upper")) and top.marked_children:
            # an unnamed part, or a Markdown title over the document's own numbered parts
            # ("# BÁO CÁO Tình hình ..." holds "I. KẾT QUẢ", "III. NHIỆM VỤ ..."): look into it
            top.role = "other"
            _level(top, seen)
            if st == "part" and vocab().step.match(top.marker.marker):
                _procedure(top)
            continue
        if r in ("objectives", "targets"):
            seen["goal"] = True
        if r in _AFTER:
            seen["intro"] = True
        if r is None:
            between = seen["intro"] and top.marked_children
            r = "tasks" if between and (seen["goal"] or looks_like_tasks(top) or _goes_on(top, seen)) else "other"
        if r == "implementation":
            seen["goal"] = seen["intro"] = seen["tasks"] = False
        seen["tasks"] = r == "tasks"
        _inherit(top, r)


def _goes_on(top: Node, seen: dict[str, bool]) -> bool:
    """An unnamed part right after the tasks part, before the implementation, carries the work on
    ("II. NỘI DUNG, PHƯƠNG THỨC TỔ CHỨC" then "III. TỔ CHỨC HỘI NGHỊ LẤY Ý KIẾN ...": how the meeting is
    convened and run), unless its title says it holds something else (money, results, forms, rules,
    who attends, rewards)."""
    if not seen["tasks"]:
        return False
    v = vocab()
    up = top.title.upper().strip().strip("*_ ")
    return not any(rx.search(up) for rx in (v.situation, v.funding, v.forms, v.criteria, v.composition, v.rewards))


def _procedure(step: Node) -> None:
    """A step of a guidance ("BƯỚC BA" -> "A. ĐỐI VỚI ...", "B. ...") says what to do at that step:
    what its headings leave unnamed is work ("I. THÀNH PHẦN HỘI NGHỊ": who convenes and whom to
    invite; "4. Việc tổ chức hội nghị ... được thực hiện như sau"), not other matter. A part named
    otherwise (implementation, purpose) keeps its role, and so does a tasks part's own sorting."""
    step.role = "tasks"
    for c in step.children:
        if c.role == "other" and not (c.marker is not None and c.is_section
                                      and vocab().composition.search(c.title.upper().strip().strip("*_ "))):
            if c.free:
                c.role = "tasks"
            else:
                _procedure(c)


def _inherit(node: Node, role: str) -> None:
    node.role = role
    for c in node.children:
        r = role
        if not c.free and role in ("objectives", "targets") and c.is_section:
            # a heading's words, not an item's ("- 100% chế độ báo cáo, chỉ tiêu tổng hợp ...")
            own = role_of(c.title[:120])
            if own in ("objectives", "targets"):
                r = own
            elif own == "tasks" and c.is_section and looks_like_tasks(c):
                r = own  # "d) Các hoạt động chính" of a campaign inside its objectives
            elif role == "targets" and own is None and looks_like_tasks(c) and metric_share(c) < 0.2:
                # "2. Phát triển thị trường xuất khẩu" inside "II. CHỈ TIÊU XUẤT KHẨU": work, no number
                # (objectives keep their imperative lines: "a) Đến năm 2026" "- Hoàn thiện khung pháp lý ...")
                r = "tasks"
        elif (c.marker is not None and role == "tasks" and c.is_section and not c.marker.listy
              and vocab().situation.search(c.title.upper().strip().strip("*_ "))):
            r = "other"  # "1. Hiện trạng" before "2. Kế hoạch phát triển"
        elif c.marker is not None and role == "tasks" and c.is_section and not c.marker.listy and _shortcomings(c):
            r = "other"  # "2. ... lưu ý một số mặt hạn chế, khó khăn ...": an assessment, not work
        elif (c.marker is not None and role == "tasks" and c.is_section and not c.marker.listy
              and vocab().funding.search(c.title.upper().strip().strip("*_ ")) and not _assigns(c)):
            r = "other"  # "6. Kinh phí thực hiện": "- Ngân sách địa phương: ...", sources, not work
        elif (c.marker is not None and role == "tasks" and c.is_section and not c.marker.listy
              and vocab().forms.search(c.title.upper().strip().strip("*_ "))):
            r = "other"  # "2. Hình thức": how the content items are carried out, not tasks
        elif (c.marker is not None and role == "tasks" and c.is_section and not c.marker.listy
              and vocab().criteria.search(c.title.upper().strip().strip("*_ "))):
            r = "other"  # "3. Tiêu chí đánh giá, xếp loại": rules for the judges, not work
        elif (c.marker is not None and role == "tasks" and c.is_section and not c.marker.listy
              and vocab().composition.search(c.title.upper().strip().strip("*_ "))):
            r = "other"  # "1.1. Thành phần dự họp:": who attends, not work
        elif (c.marker is not None and role == "tasks" and c.is_section and not c.marker.listy
              and role_of(c.title[:160]) == "targets" and metric_share(c) >= 0.5):
            r = "targets"  # "6. Chỉ tiêu chủ yếu đến năm 2030" inside "NỘI DUNG TRỌNG TÂM": 6.1 ... 80% ...
        elif role == "tasks" and c.is_section and _announces_targets(c):
            r = "targets"  # "1. Nội dung thi đua": "... bằng các chỉ tiêu cụ thể như sau:" (1) 85% ... (2) ...
        _inherit(c, r)


def _shortcomings(node: Node) -> bool:
    """A sub-heading that names shortcomings ("Hạn chế, khó khăn và nguyên nhân"), unless it names
    work too ("Nhiệm vụ, giải pháp khắc phục hạn chế") or opens with a verb ("Khắc phục hạn chế")."""
    t = node.title.strip().strip("*_ ")
    up = t.upper()
    return (vocab().shortcomings.search(up) is not None and role_of(t[:160]) != "tasks"
            and not vocab().verbs.match(t.lower()) and not up.startswith("KHẮC PHỤC"))


def _announces_targets(node: Node) -> bool:
    """Whether a sub-heading's list is announced as its targets by the paragraph that opens it."""
    for c in node.children:
        if c.marker is not None:
            return False
        if c.unit is not None and c.unit.table is None:
            return bool(vocab().announce_targets.search(c.unit.body.strip().lower()))
    return False


def _assigns(node: Node) -> bool:
    """Whether a sub-heading's items assign work: mostly imperative, or one labelled as the task
    ("a) Nhiệm vụ: ...")."""
    if looks_like_tasks(node):
        return True
    content = dict(vocab().fields).get("content")
    return content is not None and any(content.match(n.require_unit().body.strip().strip("*_ ").lower())
                                       for n in leaves(node))
