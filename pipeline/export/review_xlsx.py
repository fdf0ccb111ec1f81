"""The review workbook: one sheet per alignment for staff to decide on, and reading it back.

Staff work in Excel: each row is a parent task or target with the child items the machine
proposed, its confidence class and lead agency, and the columns a reviewer fills (decision from
a drop-down list, re-pointed items, note, name, date). Hidden columns carry the row's stable ids
and the hashes of the texts shown, so a decision read back is tied to what the reviewer saw.
Reading back is all or nothing: every row is accepted or reported with its row number and why,
and one bad row leaves the store unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..errors import IngestError, NotFound, PipelineError
from ..review.decisions import (
    Documents,
    alignments,
    current_decisions,
    make_decision,
    parse_state,
    record,
    row_states,
)
from ..review.model import STATE_LABELS, STATES, Decision, ReviewRow, RowKey, RowState
from ..review.rows import doc_key
from ..sanitize import is_formula_like, xml_text
from ..store import Store

# (header, width, wrapped); the last ID_COLS are hidden and identify the row
COLUMNS: list[tuple[str, int, bool]] = [
    ("STT", 6, False), ("Loại", 10, False), ("Mã mục cấp trên", 12, False),
    ("Nhiệm vụ, chỉ tiêu cấp trên", 60, True), ("Cơ quan chủ trì", 22, True),
    ("Nội dung cụ thể hóa của cấp dưới (máy đề xuất)", 60, True), ("Mức tin cậy (máy đề xuất)", 18, True),
    ("Điểm", 7, False), ("Trạng thái hiện tại", 26, True), ("Quyết định", 22, True),
    ("Mục cấp dưới thay thế (khi chuyển)", 20, True), ("Ghi chú", 32, True), ("Người rà soát", 18, True),
    ("Ngày rà soát", 12, False),
    ("mã văn bản cấp dưới", 14, False), ("mã văn bản cấp trên", 14, False), ("loại dòng", 8, False),
    ("mã dòng", 14, False), ("mục cấp dưới của dòng", 20, False), ("dấu nội dung cấp trên", 18, False),
    ("dấu nội dung cấp dưới", 18, False)]
ID_COLS = 7
HEADERS = [c[0] for c in COLUMNS]
_KIND_LABELS = {"task": "Nhiệm vụ", "target": "Chỉ tiêu"}


def _cell(ws: Any, v: Any, *, style: dict[str, Any] | None = None) -> Any:
    """Every value through sanitize: no character XML refuses, and a formula-like text stays text."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(v, str):
        v = xml_text(v)[:32000]
    cell = WriteOnlyCell(ws, value=v)
    for k, val in (style or {}).items():
        setattr(cell, k, val)
    if isinstance(v, str) and is_formula_like(v):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _sheet_title(rep_child: str, rep_parent: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", f"{rep_child} ~ {rep_parent}")[:28]
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:25]} ({n})"
    used.add(title.lower())
    return title


def _vn_date(iso: str) -> str:
    """dd/mm/yyyy, as staff write dates (read back by `_date`)."""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _row_values(i: int, s: RowState, docs: Documents) -> list[Any]:
    row, d = s.row, s.decision
    key = d.key if d else row.key if row else None
    assert key is not None
    kids = "\n".join(f"[{cid}] {' '.join(text.split())}" for cid, text in row.child_items) if row else ""
    # the items the row is about: the decision's when there is one (so a round trip keeps them)
    items = d.child_items if d else [cid for cid, _ in row.child_items] if row else []
    ph, ch, _missing = docs.hashes(key, items)
    state = s.label + ("\n" + "; ".join(s.why) + "\n(ghi ngày rà soát mới khi đã xem lại)" if s.why else "")
    return [i, _KIND_LABELS[key.kind], key.item, " ".join(row.parent_text.split()) if row else "",
            row.lead if row else None, kids, row.machine_class if row else "",
            round(row.score, 2) if row and row.score is not None else None, state,
            d.label if d else None, "; ".join(d.child_items) if d and d.state == "chuyen" else None,
            d.note if d else None, d.by if d else None, _vn_date(d.at) if d else None,
            key.child, key.parent, key.kind, key.item, "; ".join(items), ph or "", ch or ""]


def write_review_xlsx(store: Store, path: Path) -> Path:
    """One review sheet per alignment in the store, with the current decisions filled in."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    docs = Documents(store)
    decided = current_decisions(store)
    wb = Workbook(write_only=True)
    head = {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="DDE6F0"),
            "alignment": Alignment(wrap_text=True, vertical="center", horizontal="center")}
    wrap = {"alignment": Alignment(wrap_text=True, vertical="top")}
    top = {"alignment": Alignment(vertical="top")}
    decide_fill = {"alignment": Alignment(wrap_text=True, vertical="top"),
                   "fill": PatternFill("solid", fgColor="FFF8DC")}
    used: set[str] = set()
    for rep in alignments(store):
        states = row_states(store, rep, docs, decided)
        ws = wb.create_sheet(_sheet_title(doc_key(rep.child), doc_key(rep.parent), used))
        for n, (_h, width, _w) in enumerate(COLUMNS, 1):  # a write-only sheet writes widths before rows
            dim = ws.column_dimensions[get_column_letter(n)]
            dim.width = width
            dim.hidden = n > len(COLUMNS) - ID_COLS
        last = len(states) + 1
        dv = DataValidation(type="list", formula1='"' + ",".join(STATE_LABELS[s] for s in STATES) + '"',
                            allow_blank=True, showErrorMessage=True, errorTitle="Quyết định không hợp lệ",
                            error="Chọn một quyết định trong danh sách.", promptTitle="Quyết định",
                            prompt="xác nhận, bác bỏ, không thuộc cấp này hoặc chuyển sang mục khác")
        dv.add(f"J2:J{max(last, 2)}")
        ws.data_validations.append(dv)
        ws.freeze_panes = "D2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS) - ID_COLS)}{max(last, 2)}"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.append([_cell(ws, h, style=head) for h in HEADERS])
        for i, s in enumerate(states, 1):
            values = _row_values(i, s, docs)
            ws.append([_cell(ws, v, style=decide_fill if 10 <= n <= 14 else wrap if COLUMNS[n - 1][2] else top)
                       for n, v in enumerate(values, 1)])
    if not used:
        ws = wb.create_sheet("Rà soát")
        ws.append([_cell(ws, "Chưa có kết quả đối chiếu nào trong kho.")])
    with atomic_path(Path(path)) as tmp:
        wb.save(tmp)
    return Path(path)


# -- reading decisions back ----------------------------------------------------------------------

@dataclass
class ImportResult:
    path: Path
    rows: list[tuple[str, int, str, str]] = field(default_factory=list)  # (sheet, row, status, message)
    decisions: list[Decision] = field(default_factory=list)
    added: int = 0

    @property
    def errors(self) -> list[tuple[str, int, str, str]]:
        return [r for r in self.rows if r[2] == "lỗi"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        return [f"{self.path.name} [{sheet}] dòng {n}: {status}: {msg}" for sheet, n, status, msg in self.rows]

    def summary(self) -> str:
        if not self.ok:
            return (f"{self.path}: {len(self.errors)} dòng lỗi; không ghi quyết định nào (sửa các dòng trên "
                    "rồi nhập lại)")
        return f"{self.path}: đã ghi {self.added} quyết định ({len(self.decisions)} dòng có quyết định)"


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime | date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def _date(v: Any) -> str | None:
    """An ISO date from a date cell, dd/mm/yyyy or yyyy-mm-dd; None when not a date."""
    if isinstance(v, datetime | date):
        return v.strftime("%Y-%m-%d")
    s = _text(v)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def import_review(store: Store, path: Path, *, by: str | None = None) -> ImportResult:
    """Read the decisions of a review workbook into the store, all or none.

    Raises:
        IngestError: the file is not a workbook, or has no review sheet.
    """
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError... on a file that is not xlsx
        raise IngestError(path, f"không đọc được tệp Excel ({type(exc).__name__})") from None
    res = ImportResult(path)
    docs = Documents(store)
    decided = current_decisions(store)
    rows_now = {r.key: r for rep in alignments(store) for s in row_states(store, rep, docs, decided)
                if (r := s.row) is not None}
    seen: dict[RowKey, tuple[str, int]] = {}
    sheets = 0
    try:
        for ws in wb.worksheets:
            it = ws.iter_rows(values_only=True)
            header = [_text(v) for v in next(it, ())]
            if not set(HEADERS[-ID_COLS:]) <= set(header):
                continue
            sheets += 1
            col = {h: header.index(h) for h in HEADERS if h in header}
            for n, values in enumerate(it, 2):
                cells = {h: (values[i] if i < len(values) else None) for h, i in col.items()}
                if all(_text(v) == "" for v in values):
                    continue
                status, msg, d = _read_row(cells, docs, rows_now, decided, by)
                if d is not None:
                    if d.key in seen:
                        status, msg, d = "lỗi", f"trùng dòng {seen[d.key][1]} ({d.key.item})", None
                    else:
                        seen[d.key] = (ws.title, n)
                        res.decisions.append(d)
                res.rows.append((ws.title, n, status, msg))
    finally:
        wb.close()
    if not sheets:
        raise IngestError(path, "không có trang rà soát nào (tệp này không do `vnpolicy export --xlsx` viết ra)")
    if res.ok:
        res.added = record(store, [d for d in res.decisions if d is not None])
    else:
        res.decisions = []
    return res


def _read_row(c: dict[str, Any], docs: Documents, rows_now: dict[RowKey, ReviewRow],
              decided: dict[RowKey, Decision], by: str | None) -> tuple[str, str, Decision | None]:
    """One sheet row: (status, message, the decision to record or None)."""
    ids = [_text(c.get(h)) for h in HEADERS[-ID_COLS:-3]]
    if not all(ids):
        return "lỗi", "thiếu mã dòng (dòng thêm vào hoặc cột mã bị xóa); không nhận", None
    child, parent, kind, item = ids
    if kind not in ("task", "target"):
        return "lỗi", f"loại dòng không hợp lệ {kind!r}", None
    key = RowKey(child, parent, kind, item)  # type: ignore[arg-type]
    word = _text(c.get("Quyết định"))
    if not word:
        return "bỏ qua", f"{item}: chưa có quyết định", None
    try:
        state = parse_state(word)
    except PipelineError:
        return "lỗi", f"{item}: quyết định không hợp lệ {word!r} (chọn trong danh sách)", None
    reviewer = _text(c.get("Người rà soát")) or (by or "")
    when_raw = c.get("Ngày rà soát")
    when = _date(when_raw) if _text(when_raw) else date.today().isoformat()
    if when is None:
        return "lỗi", f"{item}: ngày rà soát không hợp lệ {_text(when_raw)!r} (dd/mm/yyyy)", None
    if state == "chuyen":
        items = [i.strip() for i in re.split(r"[;,\n]", _text(c.get("Mục cấp dưới thay thế (khi chuyển)")))
                 if i.strip()]
    else:  # the child items the reviewer saw, as the sheet recorded them
        items = [i for i in _text(c.get("mục cấp dưới của dòng")).split("; ") if i]
    note = _text(c.get("Ghi chú"))
    old = decided.get(key)
    if old is not None and (old.state, old.note, old.by, old.at) == (state, note, reviewer, when) \
            and (state != "chuyen" or old.child_items == items):
        # as exported: nothing to record, also for a row whose document has left the store since.
        # A decision marked "cần xem lại" stays so until a reviewer changes it (a new date will do).
        return "không đổi", f"{item}: {old.label}", None
    if old is not None and when == old.at:
        when = date.today().isoformat()  # a changed decision left with the old one's date is made today
    for k, what in ((child, "văn bản cấp dưới"), (parent, "văn bản cấp trên")):
        if k not in docs.sha:
            return "lỗi", f"{item}: {what} {k!r} không có trong kho", None
    row = rows_now.get(key)
    if row is None:  # a row the machine does not propose now: still fine when the item exists
        row = ReviewRow(key, "", None, "", None, [])
    try:
        d = make_decision(docs, row, state, child_items=items or None, note=note, by=reviewer, at=when)
    except NotFound as exc:
        return "lỗi", f"{item}: {exc} (không có trong kho)", None
    except PipelineError as exc:
        return "lỗi", f"{item}: {exc}", None
    if state != "chuyen":  # the texts the reviewer saw, as the sheet recorded them
        d.parent_hash = _text(c.get("dấu nội dung cấp trên")) or d.parent_hash
        d.child_hash = _text(c.get("dấu nội dung cấp dưới")) or d.child_hash
    return "nhận", f"{item}: {d.label}" + (f" → {', '.join(d.child_items)}" if state == "chuyen" else ""), d
