"""Targets stated inside task bullets: "phấn đấu tỷ lệ ... đạt 95 %", "tối thiểu 02 cuộc", "VNPT: 25 trạm".

A plan often states its quantities in the tasks part instead of an objectives part. The task stays a
task; each clause of it that states a quantity to reach also yields a Target (id `<task id>/m<k>`,
same provenance span as the task). What counts as a stated quantity is narrower than in an
objectives part, where every number is a target: a number counts only with a unit (%, a count
noun of segment_units.json) or a comparator word ("ít nhất", "trên", "dưới"...). Bare numbers in a
task are item numbers, article numbers, programme names ("Đề án 06") or dates, never targets.
Conditions ("Trường hợp ... không đạt ... trên 50 %": a legal threshold) and lead times
("trước 05 ngày", a skip unit) are not targets either.
"""

from __future__ import annotations

import re

from ..model import Document
from ..records import Metric, Target, Task
from . import metrics
from .common import construct, prov
from .outline import Node

_MARK = re.compile(r"^\s*(?:[-+•*–]|\(?[0-9a-zđ]{1,3}(?:\.\d+)*[.)]|[IVX]+\.)\s*")
# a clause that states a condition or a rule to apply, not a result to reach
_CONDITION = re.compile(r"^\s*(?:trường hợp|nếu|khi|trong trường hợp)\b|\bkhông đạt\b|\btín nhiệm\b", re.I)
_STRICT = (">=", ">", "<=", "<")
# words that make a clause of prose (a purpose paragraph, a tasks part's lead-in) a goal, not a report
_GOAL = re.compile(r"\b(?:mục tiêu|phấn đấu|đảm bảo|bảo đảm)\b", re.I)


def _stated(m) -> bool:
    return m.unit is not None or m.comparator in _STRICT


def from_tasks(tasks: list[Task], targets: list[Target]) -> list[Target]:
    """Targets read from task texts, skipping a task whose span an existing target already reads
    the same number from (a table row read both ways)."""
    taken = {(t.prov.block, m.value) for t in targets for m in t.metrics}
    out: list[Target] = []
    for task in tasks:
        mark = _MARK.match(task.text)
        body = task.text[mark.end():] if mark else task.text
        k = 0
        for _off, clause in metrics.clauses(body):
            if _CONDITION.search(clause):
                continue
            ms = [m for m in metrics.parse(clause) if _stated(m) and (task.prov.block, m.value) not in taken
                  and not metrics.rule_number(clause, m.start, m.end)]
            if not ms:
                continue
            k += 1
            text, ms = _trimmed(clause, ms)
            out.append(construct(Target, id=f"{task.id}/m{k}", section=task.section, group=None,
                                 label=None, text=text, indicator=ms[0].indicator, metrics=ms,
                                 lead=task.lead, prov=task.prov))
    return out


def from_prose(doc: Document, root: Node, tasks: list[Task]) -> list[Target]:
    """Goal clauses of paragraphs that are not tasks, in the purpose part and the tasks part
    ("mục tiêu tỷ lệ phủ sóng ... đến năm 2030 đạt 100 %"; "Trong giai đoạn 2026 - 2030, đảm bảo
    ... đạt 100 % ..., cụ thể như sau:"). Situation parts (role "other") are results, never read."""
    done = {t.id for t in tasks} | {t.id.split("~")[0] for t in tasks}
    out: list[Target] = []
    for n in root.walk():
        if n.unit is None or n.unit.table is not None or n.role not in ("purpose", "tasks") or n.id in done:
            continue
        if n.free and n.parent is not None and n.parent.id in done:
            continue  # a task's own continuation paragraph: from_tasks read it with the task
        if n.is_section and not n.free and len(n.unit.body) < 120:
            continue  # a heading
        k = 0
        for _off, clause in metrics.clauses(n.unit.body):
            goal = _GOAL.search(clause)
            if goal is None or _CONDITION.search(clause):
                continue
            ms = [m for m in metrics.parse(clause) if _stated(m) and m.start >= goal.end()
                  and not metrics.rule_number(clause, m.start, m.end)]
            if not ms:
                continue
            k += 1
            text, ms = _trimmed(clause, ms)
            out.append(construct(Target, id=f"{n.id}/g{k}", section=n.parent.id if n.parent else "root",
                                 group=None, label=None, text=text, indicator=ms[0].indicator, metrics=ms,
                                 prov=prov(doc, n.unit.blocks)))
    return out


def _trimmed(clause: str, ms: list[Metric]) -> tuple[str, list[Metric]]:
    """The clause without its surrounding spaces, and its metrics' offsets moved to match."""
    text = clause.strip()
    shift = clause.find(text)
    return text, [m.model_copy(update={"start": m.start - shift, "end": m.end - shift}) for m in ms]
