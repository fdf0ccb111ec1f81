"""Report outlines and blank forms appended after the signature.

A plan often ends with what it asks others to send back: "ĐỀ CƯƠNG BÁO CÁO" (headings such as
"III. Nhiệm vụ, giải pháp trọng tâm ..." naming what each reporter must write about), a blank
form ("MẪU SỐ 01"), a statistics sheet ("THỐNG KÊ SỐ LIỆU ..."). Their headings read like the
document's own parts, but they assign nothing of it: once the signature has passed, a paragraph
that names such a template starts a part whose nodes take the appendix role, up to the next
appendix heading that is not a template itself ("PHỤ LỤC ... DANH MỤC NHIỆM VỤ").
"""

from __future__ import annotations

from .outline import Node
from .vocab import vocab

_LOOK = 240  # the template's name sits in a paragraph's first words (after a repeated letterhead)


def mark(root: Node) -> None:
    rx = vocab().templates
    signed = inside = False
    for n in root.walk():
        style = n.marker.style if n.marker is not None else None
        if style == "closing":
            signed = True
        if style == "appendix":
            inside = bool(rx.search(n.title[:_LOOK]))
        elif signed and not inside and n.unit is not None and n.unit.table is None:
            inside = bool(rx.search(n.unit.text[:_LOOK]))
        if inside and n.role != "closing":
            n.role = "appendix"
