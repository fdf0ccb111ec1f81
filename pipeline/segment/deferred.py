"""A tasks part that hands its detail to the appendix table.

"II. NỘI DUNG" lists eight themes ("1. Kiện toàn và hoàn thiện cơ chế chỉ đạo ...", ... "8. Duy trì
hoạt động phòng thủ dân sự thường xuyên.") and then says "(Chi tiết Danh mục nhiệm vụ tại Phụ lục
kèm theo)": the themes are the groups of the assignment table after the signature (its Roman rows
I-VIII), whose rows are the tasks, each with its lead body, partners, deadline and product. When
such a table gave tasks, the themes are not tasks again; without one (a crawl that lost the
table) they are all there is, and stay.
"""

from __future__ import annotations

from ..records import Task
from .outline import Node
from .vocab import vocab


def _defers(part: Node) -> bool:
    rx = vocab().defer
    return any(n.free and n.unit is not None and n.unit.table is None and rx.search(n.unit.text.lower())
               for n in part.walk())


def drop(body: list[Task], from_tables: list[Task], root: Node) -> list[Task]:
    """The body's tasks without those of a part that defers to the appendix, when tables gave tasks."""
    if not from_tables:
        return body
    tops = [n for n in root.walk() if n.role == "tasks" and not n.free
            and (n.parent is None or n.parent.unit is None or n.parent.role != "tasks")]
    gone = {n.id for p in tops if _defers(p) for n in [p, *p.walk()]}
    return [t for t in body if t.id not in gone]
