"""The alignment part of the report: matched tasks, gaps, target comparisons, citations."""

from __future__ import annotations

from typing import Any

from ..align.model import CLASS_LABELS, VERDICT_LABELS, AlignmentReport
from ..catalogue import CatalogueDocument
from .aligndata import (
    normalize_alignment,
)
from .common import (
    Index,
    _badges,
    _ds,
    e,
)


def _score(s: float | None) -> str:
    if s is None:
        return ""
    pct = max(0.0, min(1.0, float(s))) * 100 if s <= 1 else min(float(s), 100.0)
    return (f'<span class="score" title="{s:.3f}"><span class="bar" style="width:{pct:.0f}%"></span>'
            f'<span class="sv">{s:.2f}</span></span>')


_ORDER = {"weaker": 0, "stronger": 1, "equal": 2, "missing_in_child": 3, "not_comparable": 4, "qualitative": 5,
          "upper_level": 6}


def status_label(st: str, L: dict[str, str]) -> str:
    if st in ("missing_in_child", "missing"):
        return L["missing_in_child_t"]
    return L.get(st) or VERDICT_LABELS.get(st) or st


def _terms(k: dict) -> str:
    bits = []
    if k.get("shared_citations"):
        bits.append(_badges(k["shared_citations"]))
    if k.get("reasons"):
        bits.append(f'<span class="terms">{e(k["reasons"])}</span>')
    return f'<div class="tmeta">{"".join(bits)}</div>' if bits else ""


def _klass(k: dict) -> str:
    return f'<span class="st st-{e(k["klass"])}">{e(k["class_label"])}</span> ' if k.get("klass") else ""


def _lead(i: dict) -> str:
    return f' <span class="muted">(chủ trì: {e(i["lead"])})</span>' if i.get("lead") else ""


_STATUS_CLS = {"weaker": "weaker", "equal": "equal", "stronger": "stronger", "missing_in_child": "missing",
               "missing": "missing", "not_comparable": "nc", "upper_level": "upper_level", "qualitative": "qualitative"}


def _alignment(a: AlignmentReport, n: int, idx: Index, L: dict[str, str], doc_ids: dict[str, int]) -> str:
    x = normalize_alignment(a, idx)

    def link(d: CatalogueDocument | None, label: str) -> str:
        if d is not None and d.document in doc_ids:
            return f'<a href="#d{doc_ids[d.document]}">{e(label)}</a>'
        return e(label)

    pairs_rows = []
    for p in x["pairs"]:
        par, kids = p["parent"], p["children"]
        kid_html = "".join(
            f'<li>{_klass(k)}<span class="kt">{e(k["text"])}</span> {_score(k["score"])}'
            f' <code class="tid">{e(k["id"] or "")}</code>{_terms(k)}</li>' for k in kids)
        if not kids:
            kid_html = f'<li class="muted">{e(L["no_match"])}</li>'
        pairs_rows.append(
            f'<tr class="pair" data-search="{_ds(par["text"], par["id"], *[k["text"] for k in kids])}">'
            f'<td>{e(par["text"])} <code class="tid">{e(par["id"] or "")}</code>{_lead(par)}</td>'
            f'<td><ul class="kids">{kid_html}</ul></td></tr>')
    pairs = (f'<table class="grid pairs"><thead><tr><th>{e(L["parent_task"])}</th><th>{e(L["child_tasks"])}</th>'
             f'</tr></thead><tbody>{"".join(pairs_rows)}</tbody></table>') if pairs_rows else \
        f'<p class="muted">{e(L["none"])}</p>'

    def items(lst: list[dict], cls: str) -> str:
        if not lst:
            return f'<p class="muted">{e(L["none"])}</p>'
        lis = "".join(f'<li class="{cls}" data-search="{_ds(i["text"], i["id"])}">{e(i["text"])}{_lead(i)} '
                      f'{_score(i["score"])} <code class="tid">{e(i["id"] or "")}</code>'
                      + (f' <span class="muted">({e(L["best_score"])} {i["best"]:.2f})</span>' if i["best"] else "")
                      + "</li>" for i in lst)
        return f'<ul class="items">{lis}</ul>'

    trows = []
    for t in x["targets"]:
        cls = _STATUS_CLS.get(t["status"], "nc")
        lab = status_label(t["status"], L)
        note = f'<div class="muted">{e(t["note"])}</div>' if t["note"] else ""

        def side(text: str, val: Any, tid: str | None) -> str:
            v = f'<div class="metric"><b>{e(val)}</b></div>' if val else ""
            return f'{v}{e(text)} <code class="tid">{e(tid or "")}</code>' if text else v

        trows.append(f'<tr class="cmp st-{cls}" data-search="{_ds(t["parent"], t["child"], t["indicator"])}">'
                     f'<td>{side(t["parent"], t["parent_value"], t["parent_id"])}</td>'
                     f'<td>{side(t["child"], t["child_value"], t["child_id"])}</td>'
                     f'<td><span class="st st-{cls}">{e(lab)}</span>{note}</td></tr>')
    counts: dict[str, int] = {}
    for t in x["targets"]:
        counts[t["status"]] = counts.get(t["status"], 0) + 1
    tcmp = (f'<table class="grid cmp"><thead><tr><th>{e(L["parent_target"])}</th><th>{e(L["child_target"])}</th>'
            f'<th>{e(L["status"])}</th></tr></thead><tbody>{"".join(trows)}</tbody></table>') if trows else \
        f'<p class="muted">{e(L["none"])}</p>'
    miss = "".join(f'<li class="missing">{e(m)}</li>' for m in x["missing"])
    absent = "".join(f'<p class="bad">{e(m)}</p>' for m in x["missing_parents"])
    unres = "".join(f"<li>{e(m)}</li>" for m in x["unresolved"])
    cov = f'<tr><th>{e(L["coverage"])}</th><td>{x["coverage"]:.0%}</td></tr>' if x["coverage"] is not None else ""
    summary = (
        f'<table class="kv"><tr><th>{e(L["child"])}</th><td>{link(x["child_doc"], x["child"])}</td></tr>'
        f'<tr><th>{e(L["parent"])}</th><td>{link(x["parent_doc"], x["parent"])}</td></tr>{cov}'
        f'<tr><th>{e(L["pairs"])}</th><td>{len(x["pairs"])}</td></tr>'
        f'<tr><th>{e(L["gaps"])}</th><td class="{"bad" if x["gaps"] else ""}">{len(x["gaps"])}</td></tr>'
        f'<tr><th>{e(L["local"])}</th><td>{len(x["local"])}</td></tr>'
        + (f'<tr><th>{e(L["method_a"])}</th><td class="muted">{e(x["method"])}'
           + (f' · {e(L["threshold"])} {e(x["threshold"])}' if x["threshold"] is not None else "")
           + "</td></tr>" if x["method"] else "")
        + f'<tr><th>{e(L["target_cmp"])}</th><td>'
        + " ".join(f'<span class="st st-{_STATUS_CLS.get(k, "nc")}">{e(status_label(k, L))}: {v}</span>'
                   for k, v in sorted(counts.items(), key=lambda kv: _ORDER.get(kv[0], 9)))
        + f'</td></tr><tr><th>{e(L["missing_in_child"])}</th><td class="{"bad" if x["missing"] else ""}">'
        f'{len(x["missing"])}</td></tr></table>')
    return (
        f'<section class="align" id="a{n}" data-alignment="{e(x["key"])}">'
        f'<h2>{e(L["alignment_title"])}: {e(x["child"])} ↔ {e(x["parent"])}</h2>'
        f'{absent}{summary}'
        f'<details class="blk" open><summary><h3>{e(L["pairs"])} <span class="cnt">{len(x["pairs"])}</span></h3>'
        f'</summary>{pairs}</details>'
        f'<details class="blk" open><summary><h3 class="bad">{e(L["gaps"])} <span class="cnt">{len(x["gaps"])}</span>'
        f'</h3></summary>{items(x["gaps"], "gap")}</details>'
        f'<details class="blk"><summary><h3>{e(CLASS_LABELS["upper_level"])} <span class="cnt">{len(x["upper"])}'
        f'</span></h3></summary>{items(x["upper"], "upper")}</details>'
        f'<details class="blk"><summary><h3>{e(L["local"])} <span class="cnt">{len(x["local"])}</span></h3></summary>'
        f'{items(x["local"], "local")}</details>'
        f'<details class="blk" open><summary><h3>{e(L["target_cmp"])} <span class="cnt">{len(x["targets"])}</span>'
        f'</h3></summary>{tcmp}</details>'
        f'<details class="blk" open><summary><h3>{e(L["citations"])}</h3></summary>'
        f'<h4>{e(L["missing_in_child"])} <span class="cnt">{len(x["missing"])}</span></h4>'
        f'{f"<ul>{miss}</ul>" if miss else "<p class=muted>" + e(L["none"]) + "</p>"}'
        f'<h4>{e(L["unresolved_cits"])} <span class="cnt">{len(x["unresolved"])}</span></h4>'
        f'{f"<ul>{unres}</ul>" if unres else "<p class=muted>" + e(L["none"]) + "</p>"}'
        f'</details></section>')


# -- graph data -------------------------------------------------------------------------------
