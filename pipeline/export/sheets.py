"""What the workbook (catalogue.xlsx) says to a person: Vietnamese sheet names, headers and values.

The CSV files keep the machine column names and codes (doc_id, commune, missing_in_child): they
are for programs. The workbook is for staff: each column gets a header in words and each code a
word ("commune" is "Xã, phường", "missing_in_child" is "cấp dưới chưa có"), and a document is named
by kind and number, not by its file. The same text read from several files is one document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHEETS = {"documents": ("Văn bản", "Documents"), "tasks": ("Nhiệm vụ", "Tasks"), "targets": ("Chỉ tiêu", "Targets"),
          "directives": ("Văn bản được dẫn", "Cited directives"), "alignment": ("Đối chiếu", "Alignment"),
          "decisions": ("Quyết định rà soát", "Staff decisions")}

HEADERS: dict[str, tuple[str, str]] = {
    "document": ("Văn bản", "Document"), "name": ("Tệp nguồn", "Source files"), "doc_type": ("Loại", "Kind"),
    "number": ("Số, ký hiệu", "Number"), "doc_id": ("Mã văn bản", "Document id"),
    "issuer": ("Cơ quan ban hành", "Issuer"), "level": ("Cấp", "Level"), "doc_level": ("Cấp", "Level"),
    "date": ("Ngày", "Date"), "title": ("Trích yếu", "Title"), "implements": ("Thực hiện văn bản", "Implements"),
    "format": ("Định dạng", "Format"), "pages": ("Số trang", "Pages"), "method": ("Cách đọc", "Read by"),
    "tasks": ("Số nhiệm vụ", "Tasks"), "targets": ("Số chỉ tiêu", "Targets"),
    "directives": ("Số văn bản được dẫn", "Directives"), "diagnostics": ("Số ghi chú", "Diagnostics"),
    "paths": ("Đường dẫn", "Paths"), "task_id": ("Mã nhiệm vụ", "Task id"), "section": ("Mục", "Section"),
    "path": ("Vị trí", "Path"), "headings": ("Thuộc đề mục", "Headings"), "marker": ("Số TT", "Marker"),
    "text": ("Nội dung", "Text"), "lead": ("Chủ trì", "Lead"), "partners": ("Phối hợp", "Partners"),
    "output": ("Sản phẩm", "Output"), "deadline": ("Thời hạn", "Deadline"), "group": ("Nhóm", "Group"),
    "cites": ("Dẫn chiếu", "Cites"), "page": ("Trang", "Page"), "line": ("Dòng", "Line"),
    "block": ("Khối", "Block"), "target_id": ("Mã chỉ tiêu", "Target id"), "label": ("Số TT", "Label"),
    "indicator": ("Chỉ số", "Indicator"), "unit": ("Đơn vị", "Unit"), "value": ("Giá trị", "Value"),
    "value_max": ("Giá trị tối đa", "Max value"), "comparator": ("So sánh", "Comparator"),
    "metric_unit": ("Đơn vị của giá trị", "Value unit"), "period": ("Chu kỳ", "Period"),
    "metric_deadline": ("Mốc thời gian", "Value deadline"), "metrics": ("Các giá trị", "Values"),
    "qualitative": ("Định tính", "Qualitative"), "id": ("Số, ký hiệu", "Id"), "kind": ("Loại", "Kind"),
    "year": ("Năm", "Year"), "issuer_code": ("Mã cơ quan", "Issuer code"), "system": ("Hệ thống", "System"),
    "congress": ("Đại hội", "Congress"), "known": ("Có trong danh mục", "Known"),
    "in_corpus": ("Có trong kho", "In corpus"), "cited_by": ("Được dẫn bởi", "Cited by"),
    "mentions": ("Số lần nhắc", "Mentions"), "flags": ("Ghi chú", "Flags"),
    "child": ("Văn bản cấp dưới", "Child document"), "parent": ("Văn bản cấp trên", "Parent document"),
    "row": ("Loại dòng", "Row"), "parent_item": ("Mục cấp trên", "Parent item"),
    "parent_text": ("Nội dung cấp trên", "Parent text"), "parent_lead": ("Chủ trì (cấp trên)", "Parent lead"),
    "child_item": ("Mục cấp dưới", "Child item"), "child_text": ("Nội dung cấp dưới", "Child text"),
    "score": ("Điểm", "Score"), "verdict": ("Kết quả", "Verdict"), "detail": ("Căn cứ, ghi chú", "Detail"),
    "decision": ("Quyết định của cán bộ", "Staff decision"), "by": ("Người rà soát", "Reviewer"),
    "decided_at": ("Ngày rà soát", "Date of review"), "note": ("Ghi chú của cán bộ", "Reviewer's note"),
    "machine": ("Máy đề xuất", "Machine proposal"), "stale": ("Cần xem lại", "To check again"),
    "child_items": ("Mục cấp dưới", "Child items"),
}

ROW_KINDS = {"pair": ("nhiệm vụ tương ứng", "pair"), "gap": ("cấp trên chưa được cụ thể hóa", "gap"),
             "local": ("nhiệm vụ riêng của cấp dưới", "local"), "target": ("so sánh chỉ tiêu", "target"),
             "citation_missing_in_child": ("cấp trên dẫn, cấp dưới không dẫn", "citation missing in child"),
             "citation_unresolved": ("dẫn chiếu chưa xác định", "unresolved citation"),
             "parent_missing": ("chưa có văn bản cấp trên trong kho", "parent missing")}


def sheet_name(key: str, lang: str = "vi") -> str:
    return SHEETS[key][1 if lang == "en" else 0]


def header(key: str, lang: str = "vi") -> str:
    return HEADERS.get(key, (key, key))[1 if lang == "en" else 0]


def translators(lang: str = "vi") -> dict[str, Callable[[Any], Any]]:
    """Column key -> how its code reads in words (columns not listed are shown as they are)."""
    from ..align.model import VERDICT_LABELS
    from ..report.common import COMPARATORS, show_date
    from ..report.i18n import flag, labels, level_name
    from ..report.names import directive_label, kind_name

    L = labels(lang)
    en = lang == "en"

    def yes_no(v: Any) -> Any:
        return v if not isinstance(v, bool) else (L["yes"] if v else L["no"])

    def verdict(v: Any) -> Any:
        return v if en or not isinstance(v, str) else VERDICT_LABELS.get(v, v)

    def flags(v: Any) -> Any:
        return "; ".join(flag(f.strip(), lang) for f in v.split(";")) if isinstance(v, str) and v else v

    def cites(v: Any) -> Any:
        return "; ".join(directive_label(x.strip()) for x in v.split(";")) if isinstance(v, str) and v else v

    def level(v: Any) -> Any:
        return level_name(v, lang) if v else v

    def kind(v: Any) -> Any:
        return kind_name(v) if v and not en else v

    out: dict[str, Callable[[Any], Any]] = {
        "level": level, "doc_level": level, "known": yes_no, "qualitative": yes_no, "verdict": verdict,
        "row": lambda v: ROW_KINDS.get(v, (v, v))[1 if en else 0], "flags": flags, "cites": cites,
        "implements": cites, "id": lambda v: directive_label(v) if isinstance(v, str) else v,
        "parent_item": lambda v: directive_label(v) if isinstance(v, str) else v,
        "period": lambda v: L.get(v, v) if v else v, "comparator": lambda v: COMPARATORS.get(v, v) if v else v,
        "system": lambda v: L.get(v, v) if v else v, "kind": kind, "doc_type": kind,
        "date": lambda v: show_date(v) if isinstance(v, str) else v,
        "decided_at": lambda v: show_date(v) if isinstance(v, str) else v, "stale": yes_no,
    }
    for k in ("text", "parent_text", "child_text", "headings", "title"):  # no markdown emphasis left
        out[k] = lambda v: directive_label(v.replace("**", "")) if isinstance(v, str) else v
    return out


def display_rows(cols: list[str], rows: list[list[Any]], lang: str = "vi") -> list[list[Any]]:
    """The rows with each coded value in words."""
    tr = translators(lang)
    fns = [tr.get(c) for c in cols]
    return [[f(v) if f is not None and v is not None else v for f, v in zip(fns, r, strict=True)] for r in rows]
