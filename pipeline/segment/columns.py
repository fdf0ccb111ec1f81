"""Appendix tables laid out as plain-text columns (pdftotext -layout).

A table drawn in the PDF comes out as lines of text where each cell keeps its horizontal place
and wraps over several lines, vertically centred in its row. The reader:

1. takes the raw lines after a "PHỤ LỤC" heading, finds the header (the line starting "TT" and
   the header lines centred around it) and drops page numbers and repeated headers;
2. finds the rows by the number in the TT column (a number at the left margin) and the group rows
   by a roman numeral ("I", "II.1");
3. gives every line between two row numbers to one of the two rows: the number sits in the middle
   of its row, a cell's text starts with a capital and its continuation lines do not, and a blank
   line is a likely row boundary (a small dynamic programme over the cut points);
4. splits each line into cells by character position: chunks separated by 2+ spaces go to the
   column whose centre is nearest (centres from the header, refined on the data); the left-aligned
   name column is recognised by its left edge; a chunk that runs over two columns with a single
   space between them is cut at the word that starts the next cell ("Đồng chí", a body, a date,
   else the first capitalised word);
5. joins each cell's lines and yields Targets or Tasks under their group rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Document
from ..records import Target, Task
from . import metrics
from .common import prov
from .markers import ROMAN
from .outline import Node
from .tables import header_map

_SPLIT = re.compile(r"\S+(?: \S+)*")  # chunks: runs of words separated by single spaces
_WORD = re.compile(r"\S+")
_TT = re.compile(r"^\s{0,3}(?:S?TT|Số TT)(?:\s{2,}|$)")
_ROW_NO = re.compile(r"^\d{1,3}\.?$")
_GROUP = re.compile(rf"^(?:{ROMAN})(?:\.\d{{1,2}})?\.?$")
_PAGE_NO = re.compile(r"^\s{12,}[-–]?\s*\d{1,3}\s*[-–]?\s*$")
# words that open a cell of the next column, strongest first
_CELL_START = [re.compile(r"^(?:Đồng chí|Đ/c)\b"),
               re.compile(r"^(?:\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|(?:19|20)\d\d\b|Trước\b|Quý\b|"
                          r"Thường xuyên|Hằng năm|Hàng năm)"),
               re.compile(r"^(?:Đảng [uủ][yỷ]|Các cấp [uủ][yỷ]|Ban\b|Ủy ban|Uỷ ban|UBND|HĐND|Sở\b|Các\b|Bộ\b|"
                          r"Văn phòng|Mặt trận)")]
_DATE_TAIL = re.compile(r"\s((?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4})$")
_TITLE_DEADLINE = re.compile(r"(?:giai đoạn|đến năm|năm)\s*(?:(?:19|20)\d\d\s*[-–]\s*)?((?:19|20)\d\d)", re.I)


@dataclass
class _Line:
    no: int  # line number in the file
    text: str  # raw text, tabs expanded
    page: int
    blank_before: bool = False
    label: str | None = None  # row number or group label at the margin
    group: bool = False
    chunks: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class _Col:
    center: float
    header: str
    role: str | None = None


def read(doc: Document, root: Node) -> tuple[list[Task], list[Target]]:
    tasks: list[Task] = []
    targets: list[Target] = []
    for n in root.walk():
        if n.marker is None or n.marker.style != "appendix" or n.unit is None:
            continue
        blocks = [n.unit] + [c.unit for c in n.walk() if c.unit is not None]
        blks = [b for u in blocks for b in u.blocks]
        if any(b.kind == "table_cell" or b.line is None for b in blks):
            continue
        tk, tg = _appendix(doc, n, blks)
        tasks += tk
        targets += tg
    return tasks, targets


def _raw_lines(blks: list[Block]) -> tuple[list[tuple[int, str]], dict[int, Block]]:
    """The raw lines the blocks cover, with the blank lines between them put back."""
    text: dict[int, str] = {}
    owner: dict[int, Block] = {}
    for b in blks:
        # read() passes only the blocks of a text file, which all carry their line number
        assert b.line is not None, f"block {b.id} has no line number"
        for i, ln in enumerate(b.text.split("\n")):
            text[b.line + i] = ln.expandtabs(8).rstrip()
            owner[b.line + i] = b
    if not text:
        return [], owner
    return [(no, text.get(no, "")) for no in range(min(text), max(text) + 1)], owner


def _appendix(doc: Document, node: Node, blks: list[Block]) -> tuple[list[Task], list[Target]]:
    lines, owner = _raw_lines(blks)
    tt = [i for i, (_, t) in enumerate(lines) if _TT.match(t) and len(_SPLIT.findall(t)) >= 2]
    if not tt:
        return [], []
    first = tt[0]
    h = 0
    while h < 4 and first - h - 1 >= 0 and lines[first - h - 1][1].strip():
        h += 1
    header = lines[first - h:first + h + 1]
    title = " ".join(t.strip() for _, t in lines[:first - h] if t.strip())
    cols = _header_cols(header)
    if len(cols) < 2:
        return [], []
    skip = {j for i in tt for j in range(i - h, i + h + 1)}
    data = _data_lines(lines, first + h + 1, skip)
    if not any(d.label and not d.group for d in data):
        return [], []
    name_left = min((c[0] for d in data for c in d.chunks), default=0)
    _refine(cols, data, name_left)
    rows = _rows(data, name_left)
    cells = [[c.header for c in cols]]
    hm = header_map(["TT"] + cells[0])
    if hm is None:
        return [], []
    kind, roles = hm
    up = title.upper()
    if "CHỈ TIÊU" in up and "NHIỆM VỤ" not in up:
        kind = "targets"
        if "output" in roles and "value" not in roles:
            roles["value"] = roles.pop("output")
    elif "NHIỆM VỤ" in up:
        kind = "tasks"
    role_of = {i - 1: k for k, i in roles.items() if k != "tt"}
    for i, c in enumerate(cols):
        c.role = role_of.get(i)
    dm = _TITLE_DEADLINE.findall(title)
    title_deadline = int(dm[-1]) if dm else None
    return _records(doc, node.id, kind, role_of, cols, rows, owner, name_left, title_deadline)


def _header_cols(header: list[tuple[int, str]]) -> list[_Col]:
    """Columns from the header: each capitalised word that opens a cell is an anchor; the other
    header words join the nearest anchor at or left of them. TT itself is dropped."""
    anchors: list[int] = []
    words: list[tuple[int, int, str]] = []
    for _, t in header:
        for ch in _SPLIT.finditer(t):
            for w in _WORD.finditer(ch.group()):
                s = ch.start() + w.start()
                words.append((s, s + len(w.group()), w.group()))
                if w.group()[0].isupper() and all(abs(s - a) > 3 for a in anchors):
                    anchors.append(s)
    anchors.sort()
    groups: dict[int, list[tuple[int, int, str]]] = {a: [] for a in anchors}
    for s, e, word in words:
        left = [a for a in anchors if a <= s + 2]
        a = left[-1] if left else anchors[0]
        groups[a].append((s, e, word))
    cols = []
    for a in anchors:
        ws = groups[a]
        text = " ".join(w for _, _, w in sorted(ws, key=lambda x: (x[0] > a + 40, x[0])))
        if re.fullmatch(r"S?TT|Số TT", text):
            continue
        lo, hi = min(s for s, _, _ in ws), max(e for _, e, _ in ws)
        cols.append(_Col((lo + hi) / 2, _header_text(header, lo, hi)))
    return cols


def _header_text(header: list[tuple[int, str]], lo: int, hi: int) -> str:
    out = []
    for _, t in header:
        for w in _WORD.finditer(t):
            if lo <= w.start() < hi:
                out.append(w.group())
    return " ".join(out)


def _data_lines(lines: list[tuple[int, str]], start: int, skip: set[int]) -> list[_Line]:
    out: list[_Line] = []
    page, blank = 0, False
    for i in range(start, len(lines)):
        no, t = lines[i]
        if i in skip or not t.strip():
            blank = True
            continue
        if _PAGE_NO.match(t):
            page += 1
            blank = True
            continue
        d = _Line(no, t, page, blank_before=blank)
        blank = False
        m = _WORD.search(t)
        if m and m.start() <= 1 and (_ROW_NO.match(m.group()) or _GROUP.match(m.group())):
            d.label = m.group().rstrip(".")
            d.group = not m.group()[0].isdigit()
            t = t[:m.start()] + " " * (m.end() - m.start()) + t[m.end():]
        d.chunks = [(c.start(), c.end(), c.group()) for c in _SPLIT.finditer(t)]
        out.append(d)
    return out


def _is_name(chunk: tuple[int, int, str], name_left: int) -> bool:
    return chunk[0] <= name_left + 3


def _refine(cols: list[_Col], data: list[_Line], name_left: int) -> None:
    """Move the centres of the non-name columns to where the data sits (a PDF's cells need not
    sit under their header words)."""
    free = [(s + e) / 2 for d in data if not d.group for s, e, _ in d.chunks
            if not _is_name((s, e, ""), name_left) and e - s <= 30]
    movable = cols[1:]
    for _ in range(3):
        acc: dict[int, list[float]] = {i: [] for i in range(len(movable))}
        for c in free:
            i = min(range(len(movable)), key=lambda i: abs(movable[i].center - c))
            acc[i].append(c)
        for i, xs in acc.items():
            if len(xs) >= 3:
                movable[i].center = sum(xs) / len(xs)


def _rows(data: list[_Line], name_left: int) -> list[tuple[_Line, list[_Line], _Line | None, _Line | None]]:
    """(row-number line, its lines, its group line, the top group line) per row."""
    out: list[tuple[_Line, list[_Line], _Line | None, _Line | None]] = []
    region: list[_Line] = []
    group_line: _Line | None = None
    top_line: _Line | None = None

    def flush():
        if region:
            for r, ls in _assign(region, name_left):
                out.append((r, ls, group_line, top_line))

    for d in data:
        if d.group:
            flush()
            region = []
            group_line = d
            if d.label is not None and "." not in d.label:  # a group line always has its label
                top_line = d
            continue
        region.append(d)
    flush()
    return out


def _first_name(lines: list[_Line], name_left: int) -> str | None:
    for d in lines:
        for c in d.chunks:
            if _is_name(c, name_left):
                return c[2]
    return None


def _assign(region: list[_Line], name_left: int) -> list[tuple[_Line, list[_Line]]]:
    """Give each line between two row numbers to one of them (a DP over the cut points)."""
    idx = [i for i, d in enumerate(region) if d.label]
    if not idx:
        return []
    pre = region[:idx[0]]
    post = region[idx[-1] + 1:]
    gaps = [region[a + 1:b] for a, b in zip(idx, idx[1:], strict=False)]
    rows = [region[i] for i in idx]

    def same(ls: list[_Line], r: _Line) -> int:
        return sum(1 for d in ls if d.page == r.page)

    def cut_cost(g: list[_Line], k: int, nxt: _Line) -> float:
        c = 0.0
        nm = _first_name(g[k:] + [nxt], name_left)
        if nm is not None and nm[:1].islower():
            c += 6
        if g and k < len(g) and g[k].blank_before or (k == len(g) and nxt.blank_before):
            c -= 1.5
        if k > 0 and k < len(g) and g[k].page != g[k - 1].page:
            c -= 1.0
        return c

    # best[k] = cost so far when the last gap is cut at k
    m = len(rows)
    if m == 1:
        return [(rows[0], pre + [rows[0]] + post)]
    above0 = same(pre, rows[0])
    best = {k: abs(above0 - same(gaps[0][:k], rows[0])) + cut_cost(gaps[0], k, rows[1])
            for k in range(len(gaps[0]) + 1)}
    back: list[dict[int, int]] = []
    for i in range(1, m - 1):
        g_prev, g = gaps[i - 1], gaps[i]
        nb: dict[int, float] = {}
        bk: dict[int, int] = {}
        for k in range(len(g) + 1):
            below = same(g[:k], rows[i])
            cc = cut_cost(g, k, rows[i + 1])
            choice = min(best, key=lambda kp: best[kp] + abs(same(g_prev[kp:], rows[i]) - below))
            nb[k] = best[choice] + abs(same(g_prev[choice:], rows[i]) - below) + cc
            bk[k] = choice
        best, back = nb, back + [bk]
    below_last = same(post, rows[-1])
    k = min(best, key=lambda kp: best[kp] + abs(same(gaps[-1][kp:], rows[-1]) - below_last))
    cuts = [k]
    for bk in reversed(back):
        cuts.append(bk[cuts[-1]])
    cuts.reverse()
    out = []
    for i, r in enumerate(rows):
        lines_above = pre if i == 0 else gaps[i - 1][cuts[i - 1]:]
        lines_below = post if i == m - 1 else gaps[i][:cuts[i]]
        out.append((r, lines_above + [r] + lines_below))
    return out


def _cells(lines: list[_Line], cols: list[_Col], name_left: int) -> list[str]:
    """Cell texts of one row: column 0 is the (left-aligned) name column. Two passes: the chunks
    that sit in one column give this row's own column centres, which then place the rest."""
    centers = [c.center for c in cols]
    roles = [c.role for c in cols]
    chunks = [(s, text, _is_name((s, e, text), name_left)) for d in lines for s, e, text in d.chunks]
    own: dict[int, list[float]] = {}
    for s, text, nm in chunks:
        pieces = _place(s, text, nm, centers, roles)
        if len(pieces) == 1 and pieces[0][0] > 0:
            own.setdefault(pieces[0][0], []).append(s + len(text) / 2)
    local = [sum(own[i]) / len(own[i]) if i in own else c for i, c in enumerate(centers)]
    parts: list[list[str]] = [[] for _ in cols]
    for s, text, nm in chunks:
        for ci, piece in _place(s, text, nm, local, roles):
            if piece:
                parts[ci].append(piece)
    return [re.sub(r"\s+", " ", " ".join(p)).strip() for p in parts]


_ROLE_TIER = {"deadline": 1, "lead": 2, "partners": 2, None: 0}


def _place(s: int, text: str, name: bool, centers: list[float], roles: list[str | None]) -> list[tuple[int, str]]:
    """A chunk to its column(s). A chunk that reaches over the centre of more than one column
    holds several cells run together: cut it from the right, each time at the word whose
    remainder sits best around the next column's centre (a capitalised word, or one that opens
    such a cell: "Đồng chí", a body, a date, preferred)."""
    e = s + len(text)
    covered = [i for i in range(1, len(centers)) if s + 2 <= centers[i] <= e - 1]
    if name:
        covered = [0] + covered
    if len(covered) <= 1:
        col = 0 if name else min(range(1, len(centers)), key=lambda i: abs(centers[i] - (s + e) / 2))
        m = _DATE_TAIL.search(text)
        if m and not name and "deadline" in roles[col + 1:]:
            return [(col, text[:m.start()].strip()), (roles.index("deadline"), m.group(1))]
        return [(col, text)]
    a, b = covered[-2], covered[-1]
    best = None
    words = list(_WORD.finditer(text))
    for k in range(1, len(words)):
        w = words[k]
        p = s + w.start()
        if a > 0 and p <= centers[a] - 6 or words[k - 1].group() in ("-", "–"):
            continue
        rest = text[w.start():]
        cost = abs((p + e) / 2 - centers[b])
        if len(covered) == 2 and a > 0:
            cost += abs((s + s + len(text[:w.start()].rstrip())) / 2 - centers[a])
        if not (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "(<>≤≥"):
            cost += 2.5
        if _CELL_START[_ROLE_TIER.get(roles[b], 0)].match(rest):
            cost -= 3
        if best is None or cost < best[0]:
            best = (cost, w.start())
    if best is None or best[0] > 10:
        if name:
            return [(0, text)]
        mid = (s + e) / 2
        return [(min(range(1, len(centers)), key=lambda i: abs(centers[i] - mid)), text)]
    cut = best[1]
    head = text[:cut].rstrip()
    return _place(s, head, name, centers, roles) + [(b, text[cut:].strip())]


def _records(doc, sid, kind, role_of, cols, rows, owner, name_left, title_deadline):
    tasks: list[Task] = []
    targets: list[Target] = []
    for r, ls, gl, tl in rows:
        cells = _cells(ls, cols, name_left)
        get = {role: cells[i] for i, role in role_of.items() if i < len(cells)}
        name = get.get("name") or cells[0]
        if not name:
            continue
        group, sub, headings = None, None, []
        if gl is not None:
            group = gl.label.split(".")[0]
            sub = gl.label if "." in gl.label else None
            headings = [_line_text(x) for x in ((tl, gl) if sub is not None and tl is not None else (gl,))]
        blocks: list[Block] = []
        for d in sorted(ls, key=lambda d: d.no):
            b = owner[d.no]
            if b not in blocks:
                blocks.append(b)
        pv = prov(doc, blocks)
        label = r.label
        rid = f"{sid}/{sub or group or '-'}/{label}"
        if kind == "tasks":
            tasks.append(Task(id=rid, section=sid, path=[p for p in (group, sub) if p], headings=headings,
                              marker=label, text=name, lead=get.get("lead") or None,
                              partners=_split(get.get("partners", "")), output=get.get("output") or None,
                              deadline=get.get("deadline") or None, group=group, prov=pv))
        else:
            unit = get.get("unit") or None
            dl = metrics.deadline_in(" ".join(headings)) or title_deadline
            ms = metrics.parse(get.get("value", ""), dl, default_unit=unit)
            targets.append(Target(id=rid, section=sid, group=group, label=label, text=name, indicator=name,
                                  unit=unit or (ms[0].unit if ms else None), metrics=ms, qualitative=not ms,
                                  lead=get.get("lead") or None, prov=pv))
    return tasks, targets


def _line_text(d: _Line) -> str:
    """A group row's title (without its label)."""
    return re.sub(r"\s+", " ", " ".join(c[2] for c in d.chunks)).strip()


def _split(s: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]\s*", s) if p.strip()]
