"""Segment a Document into sections, tasks, targets and responsibilities.

Pure text work on the ingested blocks (no word segmentation): regexes compiled once, one pass to
build units, one to build the outline, one per extractor.
"""

from __future__ import annotations

from ..model import Diagnostic, Document
from ..records import DocMeta, Section, Segmentation
from . import bartables, columns, conclusions, deferred, items, meta, outline, roles, tables, task_targets, units
from . import templates as after_signature
from .common import construct, prov
from .evaluate import evaluate
from .vocab import vocab

__all__ = ["segment", "evaluate"]
_CONTENT = {"purpose", "objectives", "targets", "tasks", "implementation", "appendix"}


def segment(doc: Document) -> Segmentation:
    diags: list[Diagnostic] = []
    us = units.build(doc)
    root = outline.build(us, diags)
    outline.assign_ids(root)
    roles.assign(root)
    after_signature.mark(root)
    head = _preamble(root)
    m = meta.read([n.require_unit() for n in head], us[:meta.MORE], us)  # the preamble lies below the root
    roles.assign_unnamed(root, m.doc_type)
    roles.assign_answers(root, m.doc_type)
    # a part found only now (announced by "... Thủ tướng Chính phủ yêu cầu:") ends the preamble too
    head = head[:next((i for i, n in enumerate(head) if n.marker is not None and n.role in _CONTENT), len(head))]
    sections = _sections(doc, root, head)
    tasks = items.tasks(doc, root, m.doc_type)
    if not tasks and m.doc_type in vocab().conclusion_kinds:
        tasks = conclusions.tasks(doc, root, m.doc_type)
    if not tasks and m.doc_type in vocab().order_kinds:
        tasks = conclusions.requests(doc, root, m.doc_type)
    targets = items.targets(doc, root)
    body = len(tasks)
    for n in root.walk():
        if n.unit is not None and n.unit.table is not None:
            sid = n.parent.id if n.parent and n.parent.unit is not None else "preamble"
            tk, tg = tables.read(doc, n.unit.blocks, sid, n.unit.table)
            tasks += tk
            targets += tg
    for k, run in enumerate(bartables.runs(us)):
        tnum = tables.BAR_TABLES + k
        tk, tg = tables.read(doc, bartables.rebuild(run, tnum), bartables.section_of(run, root), tnum)
        tasks += tk
        targets += tg
    ct, cg = columns.read(doc, root)
    tasks += ct
    targets += cg
    tasks = deferred.drop(tasks[:body], tasks[body:], root) + tasks[body:]
    resp = items.responsibilities(doc, root)
    targets += task_targets.from_tasks(tasks, targets) + task_targets.from_prose(doc, root, tasks)
    tasks, targets = _dedupe(tasks), _dedupe(targets)
    if not tasks:
        diags.extend(_why_no_tasks(root, m))
    return Segmentation(meta=m, sections=sections, tasks=tasks, targets=targets, responsibilities=resp,
                        diagnostics=diags)


def _preamble(root: outline.Node) -> list[outline.Node]:
    """Nodes, in reading order, before the first numbered or role-bearing section."""
    out = []
    for c in root.walk():
        if c.marker is not None and (c.marker.style in ("roman", "part", "appendix", "closing", "num1")
                                     or c.role in _CONTENT):
            break
        out.append(c)
    return out


def _sections(doc: Document, root: outline.Node, head: list[outline.Node]) -> list[Section]:
    out: list[Section] = []
    if head:
        blocks = [b for n in head if n.unit for b in n.unit.blocks]
        out.append(construct(Section, id="preamble", title=head[0].unit.text[:200] if head[0].unit else "",
                           role="preamble", depth=0, prov=prov(doc, blocks)))
        for n in head:
            n.role = "preamble"
    for n in root.walk():
        if n.free or not n.is_section or n.role == "preamble":
            continue
        par = n.parent.id if n.parent is not None and n.parent.unit is not None else None
        out.append(construct(Section, id=n.id, marker=n.marker.marker if n.marker else None, label=n.label or None,
                           title=n.full_title[:300], role=n.role, depth=len(n.ancestors()) + 1, parent=par,
                           children=[c.id for c in n.children if not c.free and c.is_section],
                           prov=prov(doc, n.require_unit().blocks)))  # walk() never yields the root
    return out


def _why_no_tasks(root: outline.Node, m: DocMeta) -> list[Diagnostic]:
    """A programme-like document, or one with imperative lists, that yields no task says why."""
    kind_says = m.doc_type in vocab().programme_kinds
    named = [n for n in root.walk() if n.role == "tasks" and not n.free
             and (n.parent is None or n.parent.unit is None or n.parent.role != "tasks")]
    lists = [(n, *roles.imperative_share(n)) for n in root.walk()
             if not n.free and n.is_section and n.role in ("other", "purpose", "preamble")]
    listy = [(n, k) for n, k, share in lists if k >= 3 and share >= 0.5]
    if not kind_says and not listy:
        return []
    if named:
        why = f"phần nhiệm vụ \"{named[0].title[:80]}\" không có mục nào"
    elif listy:
        n, k = max(listy, key=lambda x: x[1])
        why = (f"không có phần nào được nhận là phần nhiệm vụ; phần \"{n.title[:80]}\" có {k} mục "
               f"dạng mệnh lệnh nhưng tiêu đề/vị trí của nó không cho thấy đó là phần nhiệm vụ")
    else:
        why = "không tìm thấy phần nhiệm vụ (không có tiêu đề nhiệm vụ và không có danh sách mục dạng mệnh lệnh)"
    kind = m.doc_type or "?"
    # both lists come from walk(), which never yields the root (the one node without a unit)
    block = named[0].require_unit().first.id if named else (listy[0][0].require_unit().first.id if listy else None)
    return [Diagnostic(level="warning", code="no-tasks", block=block,
                       message=f"văn bản loại {kind} không có nhiệm vụ nào: {why}")]


def _dedupe(recs: list) -> list:
    seen: set[str] = set()
    out = []
    for r in recs:
        rid, k = r.id, 2
        while rid in seen:
            rid, k = f"{r.id}~{k}", k + 1
        seen.add(rid)
        out.append(r if rid == r.id else r.model_copy(update={"id": rid}))
    return out
