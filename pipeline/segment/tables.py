"""Task and target tables (appendices): Markdown/Word tables read as table cells."""

from __future__ import annotations

import re

from ..model import Block, Document
from ..records import Target, Task
from . import metrics
from .common import prov
from .markers import ROMAN
from .prose import split_bodies

_COLS = {
    "tt": r"^(?:TT|STT|Số TT)$",
    # "Tên đề án ưu tiên": a list of schemes to draft, each with its lead body (Phụ lục of 394/NQ-CP)
    "name": r"tên nhiệm vụ|^nhiệm vụ|nội dung|^chỉ tiêu|tên chỉ tiêu|nhiệm vụ cụ thể"
            r"|tên (?:đề án|dự án)|^(?:đề án|dự án)",
    "lead": r"chủ trì|cơ quan thực hiện|đơn vị thực hiện",
    "partners": r"phối hợp",
    "output": r"kết quả|sản phẩm",
    "deadline": r"thời gian|thời hạn|tiến độ|hoàn thành",
    "resources": r"kinh phí|nguồn lực|nguồn vốn",
    "unit": r"^đơn vị(?: tính)?$|đơn vị tính",
    "value": r"mục tiêu|giá trị|chỉ tiêu đến|kết quả",
}
_GROUP = re.compile(rf"^(?:{ROMAN})\.?$|^(?:{ROMAN})\.\d+$")
_ROW_NO = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")


def _clean(s: str) -> str:
    return re.sub(r"[*_]{1,3}", "", s).strip()


def header_map(cells: list[str]) -> tuple[str, dict[str, int]] | None:
    """Column roles from a header row, and whether it is a task or a target table."""
    cols: dict[str, int] = {}
    for i, c in enumerate(cells):
        low = _clean(c).lower()
        for key, rx in _COLS.items():
            if key in cols or not re.search(rx, low if key != "tt" else _clean(c)):
                continue
            if key == "value" and "name" in cols and cols.get("output") is None and "chủ trì" in low:
                continue
            cols[key] = i
            break
    if "name" not in cols:
        return None
    name = _clean(cells[cols["name"]]).lower()
    kind = "targets" if ("chỉ tiêu" in name or "unit" in cols) and "nhiệm vụ" not in name else "tasks"
    if kind == "targets" and "output" in cols and "value" not in cols:
        cols["value"] = cols.pop("output")
    if kind == "tasks" and "value" in cols and "output" not in cols:
        cols["output"] = cols.pop("value")
    return kind, cols


def rows(cells: list[Block]) -> list[list[Block]]:
    out: dict[int, list[Block]] = {}
    for b in cells:
        out.setdefault(b.row or 0, []).append(b)
    return [sorted(r, key=lambda b: b.col or 0) for _, r in sorted(out.items())]


def read(doc: Document, cells: list[Block], section_id: str, tnum: int) -> tuple[list[Task], list[Target]]:
    rws = rows(cells)
    if not rws:
        return [], []
    hm = header_map([b.normalized for b in rws[0]])
    if hm is None:
        return [], []
    kind, cols = hm
    tasks: list[Task] = []
    targets: list[Target] = []
    group, gtitle, sub = None, None, None
    spanned = _Spanned(doc) if tnum >= BAR_TABLES else None
    for r in rws[1:]:
        if _column_numbers([b.normalized for b in r]):
            continue  # "| | (1) | (2) | (3) | (4) | (5)": the columns numbered under the header
        get = {k: _clean(r[i].normalized) if i < len(r) else "" for k, i in cols.items()}
        tt = get.get("tt", "").rstrip(".") if "tt" in cols else ""
        only_name = not tt and get.get("name") and not any(v for k, v in get.items() if k != "name")
        if _GROUP.match(tt or "-") or only_name:
            if "." in tt:
                sub = tt
            else:
                group, gtitle, sub = tt or group, get.get("name"), None
            continue
        if not get.get("name"):
            continue
        if len(r) < len(rws[0]) and tt and not _ROW_NO.match(tt) and (tasks or targets):
            # a short row whose first cell is no row number: the second line of a row whose number and
            # name span two lines ("1 | Đề án ... | Trung ương MTTQ | ... " then "Ủy ban nhân dân các
            # tỉnh ... | Đài Truyền hình ... tại địa phương"), a second lead body of the row above
            continue
        label = tt or None
        rid = f"{section_id}/T{tnum}/{group or '-'}/{label or len(tasks) + len(targets) + 1}"
        pv = prov(doc, spanned.blocks(r) if spanned is not None else r)
        if kind == "tasks":
            tasks.append(Task(id=rid, section=section_id, path=[p for p in (group, sub) if p], group=group,
                              headings=[h for h in (gtitle,) if h], marker=label, text=get["name"],
                              lead=get.get("lead") or None, partners=_split(get.get("partners", "")),
                              output=get.get("output") or None, deadline=get.get("deadline") or None,
                              resources=get.get("resources") or None, prov=pv))
        else:
            dl = metrics.deadline_in(gtitle or "")
            unit = get.get("unit") or None
            ms = metrics.parse(get.get("value", ""), dl, default_unit=unit)
            targets.append(Target(id=rid, section=section_id, group=group, label=label, text=get["name"],
                                  indicator=get["name"], unit=unit, metrics=ms, qualitative=not ms,
                                  lead=get.get("lead") or None, prov=pv))
    return tasks, targets


BAR_TABLES = 1000  # table numbers from this on are rebuilt from bar lines (segment/__init__, bartables.rebuild)


class _Spanned:
    """A cell rebuilt from bar lines stands on its first line's block with the end of its last line
    ("Quyết định Chủ tịch" / "UBND tỉnh"): its row's provenance lists every block the cells cover."""

    def __init__(self, doc: Document):
        self.all = doc.blocks
        self.at = {b.id: i for i, b in enumerate(self.all)}

    def blocks(self, row: list[Block]) -> list[Block]:
        out: list[Block] = []
        for cell in row:
            i = self.at.get(cell.id)
            if i is None:
                out.append(cell)
                continue
            out.append(cell)
            j = i + 1
            while j < len(self.all) and self.all[j].start < cell.end:
                out.append(self.all[j])
                j += 1
        unique: dict[str, Block] = {}
        for b in out:
            unique.setdefault(b.id, b)
        return list(unique.values())


def _column_numbers(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) >= 2 and all(re.fullmatch(r"\(?\d{1,2}\)?", c) for c in filled)


def _split(s: str) -> list[str]:
    """Bodies of a partners cell: "Các sở, ban, ngành tỉnh; UBND các xã, phường" is two, not five."""
    return split_bodies(s)
