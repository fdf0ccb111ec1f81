"""Tasks, targets and responsibilities from the outline tree."""

from __future__ import annotations

import re
from functools import cache

from ..cite.registry import title_kinds
from ..model import Document
from ..records import Responsibility, Target, Task
from . import fields, markers, metrics, prose, roles
from .common import UP, construct, prov
from .outline import Node, _transparent
from .vocab import vocab


def _path(node: Node) -> list[str]:
    return [a.label or a.id.split("/")[-1] for a in node.ancestors() if not _transparent(a)]


def _headings(node: Node) -> list[str]:
    return [a.title for a in node.ancestors()]


def _text(node: Node) -> str:
    return node.unit.text if node.unit else ""


def caps_line(n: Node) -> bool:
    """A paragraph all in capitals is a heading's wrapped line ("D. ĐIỀU CHỈNH LẦN THỨ HAI VỀ CƠ CẤU,
    THÀNH PHẦN," then "SỐ LƯỢNG NGƯỜI ỨNG CỬ ĐẠI BIỂU QUỐC HỘI"), not an item under it."""
    letters = [ch for ch in (n.unit.text if n.unit else "") if ch.isalpha()]
    return len(letters) >= 8 and all(ch.isupper() for ch in letters)


def item_nodes(section: Node) -> list[Node]:
    """Leaves under a section: bullets, numbered leaves and free paragraphs of sections whose
    items carry no bullets; intro paragraphs of sections that do have bullets are skipped."""
    out: list[Node] = []
    for c in section.children:
        if c.unit is None or c.unit.table is not None:
            continue
        if c.free:
            intro_ok = len(c.unit.text) >= 80 and not c.unit.text.rstrip().endswith(":")
            if section.unit is not None and (not section.marked_children or intro_ok) and not caps_line(c):
                out.append(c)
            continue
        if c.is_section:
            out.extend(item_nodes(c))
        else:
            out.append(c)
    return out


def task_items(section: Node) -> list[fields.Entry]:
    """Task nodes under a section with the fields their attribute lines give them. As
    `item_nodes`, plus: attribute lines are no tasks, and a heading whose items are all
    attribute lines is itself the task."""
    out: list[fields.Entry] = []
    run: list[fields.Entry] = []
    after_fields = False
    for c in section.children:
        if c.unit is None or c.unit.table is not None:
            continue
        if not c.free and c.role != section.role:
            continue  # "1. Hiện trạng" inside the tasks part describes, it assigns nothing
        f = fields.field_of(c)
        if f is not None and f[0] != "content":
            fields.fill(run, c, f)
            after_fields = True
            continue
        if after_fields:
            run, after_fields = [], False
        if c.free:
            intro_ok = len(c.unit.text) >= 80 and not c.unit.text.rstrip().endswith(":")
            if section.unit is not None and (not section.marked_children or intro_ok) and not caps_line(c):
                e: fields.Entry = (c, {})
                out.append(e)
                run.append(e)
            continue
        marked = c.marked_children
        if marked and all(fields.is_attribute(k) for k in marked):
            e = (c, {})  # "1. Tổ chức tuyên truyền ..." with only "- Cơ quan chủ trì: ..." below it
            for k in marked:
                attr = fields.field_of(k)
                if attr is not None:  # always: is_attribute(k) above
                    fields.fill([e], k, attr)
            out.append(e)
            run.append(e)
        elif c.is_section:
            sub = task_items(c)
            out.extend(sub)
            run.extend(sub)
        else:
            e = (c, {})
            out.append(e)
            run.append(e)
    return out


def tasks(doc: Document, root: Node, kind: str | None = None) -> list[Task]:
    out: list[Task] = []
    for top in _tops(root, "tasks"):
        # a numbered item in a run of announced sections is its own task, not a heading over its paragraphs
        # and so is a bullet announced by the paragraph before it ("... các nội dung chủ yếu sau:" then "- ...")
        # and so is a part whose heading runs into its one paragraph ("II. Nội dung làm việc: Tình hình ...")
        single = (not top.is_section and top.marker is not None
                  and (top.marker.style.startswith(("num", "alpha", "paren")) or top.marker.listy
                       or (top.marker.style == "roman" and _runs_in(top))))
        entries: list[fields.Entry] = [(top, {})] if single else task_items(top)
        entries = [e for e in entries if not term_end(e[0])]
        if article_lead(top):  # "Điều 2. Ban bầu cử thực hiện nhiệm vụ ..." then its other paragraphs
            entries = [(top, {}), *entries]
        out.extend(record(doc, n, given) for n, given in _assigned(top, entries, kind))
    return out


def article_lead(n: Node) -> bool:
    """An article of the tasks part whose "Điều N." line runs on into a whole sentence ("Điều 2. Ban bầu cử
    thực hiện nhiệm vụ, quyền hạn theo quy định ... và thực hiện chế độ báo cáo định kỳ ...") states a task of
    its own, besides its other paragraphs (each its own task, not words of this one). Source:
    tests/data/realshapes commune_phuongSaDec-DongThap_149-QD-UBND-TL (dev, shapes7)."""
    if n.marker is None or n.marker.style != "article" or n.is_section or n.unit is None or n.role != "tasks":
        return False
    body = n.unit.body.strip().strip("*_ ")
    return len(body) >= 80 and body.endswith((".", ";")) and not closing(body)


def term_end(n: Node) -> bool:
    """The clause on when a body the document sets up ceases ("Tổ ... tự giải thể sau khi kết thúc bầu cử",
    "Ban bầu cử hết nhiệm vụ sau khi ..."): no task. Its subject comes first, so an order opening with a verb
    ("Giải thể Tổ ...") is not one, nor a long paragraph that only mentions a body ending."""
    body = (n.unit.body if n.unit is not None else "").strip().strip("*_ ").lower()
    m = vocab().term_end.search(body)
    return m is not None and m.start() <= 140 and len(body) <= 300 and not vocab().verbs.match(body)


def record(doc: Document, n: Node, given: dict) -> Task:
    """The task a node states, with the fields its attribute lines (`given`) and its own
    continuation paragraphs give it."""
    blocks = list(n.require_unit().blocks)  # task nodes always have a unit
    text = _task_text(n)
    own: dict = {}
    lead = article_lead(n)
    for c in n.children:  # a bullet's own continuation paragraphs: its words too
        if not lead and c.free and c.unit is not None and c.unit.table is None and not closing(_text(c)):
            blocks += c.unit.blocks
            attr = fields.field_of(c)
            if attr is None or attr[0] == "content":
                text += "\n" + _text(c)
            else:  # "Đơn vị chủ trì: Sở Tư pháp." under a bullet is a field of it, not its text
                fields.fill([(n, own)], c, attr)
    extra = prose.read(text)
    extra.update(own)
    extra.update(given)
    if not extra.get("deadline"):
        period = _period(n)
        if period:
            extra["deadline"] = period
    return construct(Task, id=n.id, section=n.require_parent().id, path=_path(n), headings=_headings(n),
                     marker=n.marker.marker if n.marker else None, text=text, prov=prov(doc, blocks), **extra)


def _assigned(top: Node, entries: list[fields.Entry], kind: str | None) -> list[fields.Entry]:
    """In a conclusion (kinds `conclusion_kinds`), a topic that holds assignment paragraphs has them
    as its tasks: what the meeting approved ("1. Chương trình hành động ... Hội nghị cơ bản nhất trí
    thông qua ...") or the drafts it lists ("- Chương trình làm việc toàn khoá ...") is not work."""
    v = vocab()
    if kind not in v.conclusion_kinds:
        return entries
    request = kind not in v.report_kinds
    paras = [n for n in top.walk() if n.free and n.unit is not None and n.unit.table is None
             and not closing(n.unit.text) and roles.is_assignment(n.unit.text, request)]
    if not paras:
        return entries
    # a topic named for the work ("3. Về nhiệm vụ, giải pháp trọng tâm ...") keeps its items besides the
    # paragraphs that charge a body with the rest ("Giao Văn phòng Đảng uỷ tiếp thu ...")
    topics = {id(t) for t in (_topic(p, top) for p in paras)
              if not (t.is_section and roles.role_of(t.title[:160]) == "tasks")}
    kept = [e for e in entries if not any(id(a) in topics for a in [*e[0].ancestors(), e[0]])]
    order = {id(n): i for i, n in enumerate([top, *top.walk()])}
    return sorted(kept + [(p, {}) for p in paras], key=lambda e: order.get(id(e[0]), -1))


def _topic(n: Node, top: Node) -> Node:
    """The numbered topic a paragraph answers: its nearest numbered (not bulleted) ancestor, at most `top`."""
    for a in reversed(n.ancestors()):
        if a is top or (a.marker is not None and not a.marker.listy):
            return a
    return top


# the document's own closing under its last item: "Trên đây là Kế hoạch ...", "Yêu cầu Giám đốc các sở ...
# thực hiện nghiêm Chỉ thị này./." (the "./." that ends a Vietnamese administrative text)
@cache
def _closing_rx() -> re.Pattern[str]:
    """A closing line ("Yêu cầu ... thực hiện Kế hoạch này"); its kinds are the registry's title words."""
    kinds = "|".join(re.escape(w[:1].upper() + w[1:]) for w in title_kinds())
    return re.compile(rf"(?:^Trên đây là\b|\./\.\s*$|^(?:Yêu cầu|Đề nghị)\b.*\b(?:{kinds}) này\b)", re.S)


def closing(text: str) -> bool:
    return bool(_closing_rx().search(text.strip()))



_RUN_IN = re.compile(r"^[^:.;]{3,60}:\s+(?=\S)")


def _runs_in(n: Node) -> bool:
    """A part's heading that runs into its content ("II. Nội dung làm việc: Tình hình ...", "II. Về cho ý
    kiến danh mục ... Ban Thường vụ ... Giao ..."), not a bare title ("II. NHIỆM VỤ") with nothing under it."""
    body = n.unit.body.strip() if n.unit is not None else ""
    return bool(_RUN_IN.match(body)) or len(body) > 120


def _task_text(n: Node) -> str:
    """The task's words: without a content label ("Nhiệm vụ:") or the group label a wrapped
    line ran it into ("- Về giám sát: 01 cuộc" + the paragraph), nor the title of a part whose
    heading runs into its one paragraph ("II. Nội dung làm việc: Tình hình ...")."""
    if n.marker is not None and n.marker.style in ("roman", "upper") and not n.is_section and n.unit is not None:
        m = _RUN_IN.match(n.unit.body)
        if m:
            return n.unit.body[m.end():]
    if article_lead(n):
        return n.require_unit().body.strip()
    text = fields.strip_label(n, _text(n))
    u = n.require_unit()  # a task node, never the root
    first = markers.parse(u.blocks[0].normalized) if len(u.blocks) > 1 else None
    heading_only = first is not None and vocab().period.match(first.rest.strip().strip("*_ "))
    if heading_only or (n.marker is not None and n.marker.style == "group" and len(u.blocks) > 1):
        # "3. Năm 2027" with its one item run on from the next line
        rest = text.find(u.blocks[1].normalized.strip()[:20])
        if rest > 0:
            return text[rest:]
    return text


def _period(n: Node) -> str | None:
    """The period a task sits in ("Năm 2026", "Quý I/2026"): its deadline when it names none."""
    rx = vocab().period_expr
    if n.unit is not None and len(n.unit.blocks) > 1:  # "5. Năm 2029" with its item run on
        first = markers.parse(n.unit.blocks[0].normalized)
        if first is not None:
            head = first.rest.strip().strip("*_ ")
            # period_expr opens every line `period` matches (the same alternatives, anchored the same)
            said = rx.match(head)
            if said is not None and vocab().period.match(head):
                return said.group(0)
    for a in reversed(n.ancestors()):
        if a.marker is not None and a.marker.style == "period":
            return a.marker.label
        m = rx.match(a.title)
        if m:
            return m.group(0)
    return None


def _tops(root: Node, role: str) -> list[Node]:
    """Highest nodes with `role` (their children share it)."""
    out = []
    for n in root.walk():
        if n.role == role and not n.free and (n.parent is None or n.parent.role != role or n.parent.unit is None):
            out.append(n)
    return out


def targets(doc: Document, root: Node) -> list[Target]:
    out: list[Target] = []
    tops = _tops(root, "targets")
    for top in tops:
        for n in item_nodes(top) or ([top] if top.unit else []):
            u = n.require_unit()  # item_nodes() skips the nodes without a unit, and so does the test on top
            group = _group(n, top)
            dl = _heading_deadline(n)
            ms = metrics.parse(u.body, dl)
            out.append(construct(Target, id=n.id, section=n.require_parent().id, group=group, label=n.label or None,
                              text=_text(n), indicator=_indicator(u.body), metrics=ms,
                              qualitative=not ms, prov=prov(doc, u.blocks)))
    out += inline_targets(doc, root, beside=bool(tops))
    return out


def inline_targets(doc: Document, root: Node, beside: bool = False) -> list[Target]:
    """Targets stated inside objectives prose (a resolution's "Mục tiêu"): one per clause
    that carries a number, and one qualitative target per sentence that carries none ("Phủ sóng
    5G toàn quốc.", "Việt Nam thuộc nhóm các nước dẫn đầu về an toàn, an ninh không gian mạng"):
    alignment matches goals without a number too (issue #11 item 6).

    `beside`: the document also lists its targets. Its prose objectives outside the list are read
    too, as a list rarely holds every number ("3. Thay đổi đột phá xếp hạng quốc gia" under the
    aims of 2629/QĐ-TTg states the rankings in one paragraph): one target per paragraph that carries
    a number, whole, so each number keeps the paragraph's subject and its own year (alignment splits
    it into one indicator per number). Number-less prose beside a list is the general aim, which
    the list states in measurable form: not read."""
    out: list[Target] = []
    for top in _tops(root, "objectives"):
        paras = [(c, c.unit) for c in top.walk() if c.unit is not None and c.unit.table is None and not c.is_section]
        for n, u in paras:
            dl = _heading_deadline(n)
            group = _group(n, top)
            sec = n.parent.id if n.parent else top.id
            if beside:
                if any(a.role == "targets" for a in (n, *n.ancestors())):
                    continue
                ms = metrics.parse(u.body, dl)
                if ms:
                    out.append(construct(Target, id=f"{n.id}/c1", section=sec, group=group,
                                      label=f"{n.id.split('/')[-1]}.1", text=_text(n),
                                      indicator=_indicator(u.body), metrics=ms, prov=prov(doc, u.blocks)))
                continue
            k = 0
            for _off, clause in metrics.clauses(u.body):
                ms = metrics.parse(clause, dl)
                if not ms:
                    continue
                k += 1
                out.append(construct(Target, id=f"{n.id}/c{k}", section=sec, group=group,
                                  label=f"{n.id.split('/')[-1]}.{k}", text=clause.strip(),
                                  indicator=_indicator(clause), metrics=ms, prov=prov(doc, u.blocks)))
            for q, sentence in enumerate(_qualitative(u.body, dl), 1):
                out.append(construct(Target, id=f"{n.id}/q{q}", section=sec, group=group,
                                  label=f"{n.id.split('/')[-1]}.q{q}", text=sentence,
                                  indicator=_indicator(sentence), metrics=[], qualitative=True,
                                  prov=prov(doc, u.blocks)))
    return out


_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ])|(?<=[.!?])$")
_LEAD_IN = re.compile(r":\s*$")


def _qualitative(body: str, deadline: int | None) -> list[str]:
    """Sentences of an objectives paragraph with no number to reach: a goal stated in words. A
    lead-in ("Đến năm 2030:", "cụ thể như sau:") or a fragment of a few words is not one."""
    out = []
    for sentence in _SENTENCE.split(body.strip()):
        s = sentence.strip().rstrip(".;")
        if len(s.split()) < 3 or _LEAD_IN.search(sentence) or metrics.parse(s, deadline):
            continue
        out.append(s)
    return out


def _group(n: Node, top: Node) -> str | None:
    anc = n.ancestors()
    if top in anc:
        below = anc[anc.index(top) + 1:]
        if below:
            return below[0].label or None
    return None


def _heading_deadline(n: Node) -> int | None:
    for a in reversed(n.ancestors()):
        d = metrics.deadline_in(a.title)
        if d:
            return d
    return None


def _indicator(text: str) -> str:
    t = text.strip()
    m = _IND.match(t)
    return (m.group(1) if m else t[:160]).strip()


_IND = re.compile(r"^([^:]{3,80}):")
_ROLE_WORDS = ["chủ trì", "phối hợp", "lãnh đạo", "chỉ đạo", "theo dõi", "kiểm tra", "giám sát", "báo cáo",
               "hướng dẫn", "tham mưu", "đôn đốc", "đánh giá", "tổng hợp", "quyết định", "cụ thể hóa", "triển khai"]
_CUT = re.compile(r"\s+(?:chủ trì|phối hợp|lãnh đạo|chỉ đạo|theo dõi|thường xuyên|có trách nhiệm|chịu trách nhiệm|"
                  r"căn cứ|tổ chức thực hiện|tổ chức triển khai|xây dựng|triển khai|hướng dẫn|quyết định|kiểm tra|"
                  r"giám sát|cụ thể hóa|tham mưu|rà soát|bảo đảm|đảm bảo|thực hiện|cập nhật|là cơ quan|làm)\b")
_LEADIN = re.compile(rf"^(?:Trong quá trình[^,]*,|Định kỳ[^,]*,|Giao\s+|Đề nghị\s+)\s*(?=[{UP}])")


def body_of(text: str, has_children: bool) -> str:
    t = _LEADIN.sub("", text.strip())
    if has_children and len(t) < 120 and not _CUT.search(t):
        return t.rstrip(":. ")
    m = _CUT.search(t)
    head = t[:m.start()] if m else t[:80]
    if len(head) > 100:
        return ""
    if "," in head and _LEADIN.pattern and text.strip() != t:
        head = head.split(",")[0]
    return head.strip(" ,:;*_")


def responsibilities(doc: Document, root: Node) -> list[Responsibility]:
    out: list[Responsibility] = []
    for top in _tops(root, "implementation"):
        kids = [c for c in top.children if not c.free]
        for n in kids:
            u = n.require_unit()  # a child of a section: never the root
            blocks = list(u.blocks)
            duties_parts = [u.body]
            for c in n.walk():
                if c.unit is not None and c.unit.table is None:
                    blocks += c.unit.blocks
                    duties_parts.append(c.unit.text)
            duties = " ".join(duties_parts)
            body = body_of(u.body, bool(n.children))
            roles = [w for w in _ROLE_WORDS if w in duties]
            out.append(construct(Responsibility, id=n.id, section=top.id, label=n.label or None, body=body,
                                      roles=roles, duties=duties, prov=prov(doc, blocks)))
    return out
