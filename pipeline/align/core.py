"""Align a child document with a parent it carries out: tasks, targets and citations.

Tasks: every parent task against every child task, the mean of three similarities over
word-segmented, stop-word-free terms with the genre's concept map (pipeline/data/align_concepts.tsv)
and weights from the whole corpus: TF-IDF cosine, BM25 and character n-gram cosine (signals.py);
plus a small bonus for directives both cite. A pair is a match when its score reaches the
threshold and the child is among the parent's best `TOP_K` children or the parent among the
child's best `TOP_K` parents; a weak match (below `STRONG`) needs both directions to agree.
The threshold is calibrated on hand-labelled pairs (tests/data/align/pairs.tsv,
scripts/eval_align.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Extraction, Metric, Prov, Target, Task
from .model import AlignmentReport, ChildMatch, CitationGaps, DocRef, Evidence, TargetComparison, TaskPair, TaskRef
from .signals import similarity
from .text import TfIdf

THRESHOLD = 0.1  # P 0.94 / R 0.60 on pairs.tsv, P 0.95 / R 0.56 with pairs_added.tsv (scripts/eval_align.py)
TOP_K = 2
STRONG = 0.16  # below it a pair must be in both top-k lists (parent's best children and child's best parents)
CITATION_BONUS = 0.05  # per shared directive, at most two
TARGET_THRESHOLD = 0.3
METHOD = ("mean(tfidf-cosine, bm25, char-3-5-gram-cosine)(underthesea words+bigrams+concepts, admin stop-words)"
          "+shared-citations")

_models: dict[tuple[str, ...], TfIdf] = {}


def corpus_model(extractions: Sequence[Extraction]) -> TfIdf:
    """Term weights from the tasks and targets of all `extractions`; cached per document set."""
    key = tuple(sorted({e.document for e in extractions}))
    model = _models.get(key)
    if model is None:
        texts = [t.text for e in extractions for t in e.tasks]
        texts += [_indicator(t) for e in extractions for t in e.targets]
        model = TfIdf(texts)
        if len(_models) > 16:
            _models.clear()
        _models[key] = model
    return model


def doc_ref(e: Extraction) -> DocRef:
    return DocRef(sha256=e.document, name=e.source.get("name", e.document), id=e.meta.id, level=e.meta.level,
                  date=e.meta.date)


def _evidence(p: Prov, text: str) -> Evidence:
    return Evidence(block=p.block, start=p.start, end=p.end, text=text[:300])


def _common_citations(child: Extraction, parent: Extraction) -> set[str]:
    """Directives too common to say two tasks belong together: the parent itself and what both implement."""
    common = {parent.meta.id} if parent.meta.id else set()
    return common | (set(child.meta.implements) & set(parent.meta.implements))


def score_tasks(child: Extraction, parent: Extraction, model: TfIdf) -> list[list[tuple[float, float, list[str]]]]:
    """scores[i][j] = (score, lexical, shared citations) of parent task i against child task j.

    score: the blend of signals.py plus the citation bonus; lexical: the TF-IDF cosine alone.
    """
    ignore = _common_citations(child, parent)
    blend, lexical = similarity(model, [t.text for t in parent.tasks], [t.text for t in child.tasks])
    out = []
    for i, pt in enumerate(parent.tasks):
        row = []
        pc = set(pt.cites) - ignore
        for j, ct in enumerate(child.tasks):
            shared = sorted(pc & set(ct.cites)) if pc and ct.cites else []
            row.append((float(blend[i, j]) + CITATION_BONUS * min(2, len(shared)), float(lexical[i, j]), shared))
        out.append(row)
    return out


def matched(scores: list[list[tuple[float, float, list[str]]]], threshold: float,
            top_k: int = TOP_K, strong: float = STRONG) -> set[tuple[int, int]]:
    """(parent index, child index) of the matched pairs."""
    if not scores or not scores[0]:
        return set()
    n_child = len(scores[0])
    rows: set[tuple[int, int]] = set()
    for i, row in enumerate(scores):
        rows |= {(i, j) for j in sorted(range(n_child), key=lambda j: (-row[j][0], j))[:top_k]}
    cols: set[tuple[int, int]] = set()
    for j in range(n_child):
        cols |= {(i, j) for i in sorted(range(len(scores)), key=lambda i: (-scores[i][j][0], i))[:top_k]}
    return {(i, j) for i, j in rows | cols
            if scores[i][j][0] >= threshold and ((i, j) in rows and (i, j) in cols or scores[i][j][0] >= strong)}


def align(child: Extraction, parent: Extraction, *, corpus: list[Extraction] | None = None,
          threshold: float | None = None) -> AlignmentReport:
    th = THRESHOLD if threshold is None else threshold
    docs = list(corpus or [])
    have = {e.document for e in docs}
    docs += [e for e in (child, parent) if e.document not in have]
    model = corpus_model(docs)
    scores = score_tasks(child, parent, model)
    pairs_idx = matched(scores, th)

    by_parent: dict[int, list[int]] = {}
    for i, j in pairs_idx:
        by_parent.setdefault(i, []).append(j)
    pairs: list[TaskPair] = []
    gaps: list[TaskRef] = []
    for i, pt in enumerate(parent.tasks):
        js = sorted(by_parent.get(i, []), key=lambda j: (-scores[i][j][0], j))
        if not js:
            best = max((s[0] for s in scores[i]), default=0.0)
            gaps.append(TaskRef(task=pt.id, text=pt.text, section=pt.section, evidence=_evidence(pt.prov, pt.text),
                                best_score=round(best, 4)))
            continue
        matches = [_child_match(child.tasks[j], scores[i][j], model, pt) for j in js]
        pairs.append(TaskPair(parent_task=pt.id, parent_text=pt.text, parent_evidence=_evidence(pt.prov, pt.text),
                              matches=matches))
    used = {j for _, j in pairs_idx}
    local = [TaskRef(task=ct.id, text=ct.text, section=ct.section, evidence=_evidence(ct.prov, ct.text),
                     best_score=round(max((scores[i][j][0] for i in range(len(scores))), default=0.0), 4))
             for j, ct in enumerate(child.tasks) if j not in used]

    targets = compare_targets(child, parent, model)
    cits = citation_gaps(child, parent, docs)
    stats = {"parent_tasks": len(parent.tasks), "child_tasks": len(child.tasks), "matched_pairs": len(pairs_idx),
             "parent_tasks_matched": len(pairs), "gaps": len(gaps), "local": len(local),
             **{f"targets_{v}": sum(1 for t in targets if t.verdict == v)
                for v in ("weaker", "equal", "stronger", "missing_in_child", "not_comparable")}}
    return AlignmentReport(child=doc_ref(child), parent=doc_ref(parent), threshold=th, method=METHOD, pairs=pairs,
                           gaps=gaps, local=local, targets=targets, citations=cits, stats=stats)


def _child_match(ct: Task, s: tuple[float, float, list[str]], model: TfIdf, pt: Task) -> ChildMatch:
    return ChildMatch(task=ct.id, text=ct.text, score=round(s[0], 4), lexical=round(s[1], 4),
                      shared_citations=s[2], terms=model.shared(pt.text, ct.text),
                      evidence=_evidence(ct.prov, ct.text))


def citation_gaps(child: Extraction, parent: Extraction, corpus: Sequence[Extraction]) -> CitationGaps:
    child_ids = {d.id for d in child.directives} | set(child.meta.implements)
    if child.meta.id:
        child_ids.add(child.meta.id)
    missing = sorted({d.id for d in parent.directives} - child_ids - {parent.meta.id})
    in_corpus = {e.meta.id for e in corpus if e.meta.id}
    unresolved = sorted({d.id for d in child.directives if not d.known and d.id not in in_corpus})
    own = child.meta.number or child.meta.id or "\0"
    for m in child.unresolved:  # back-references the cite stage could not resolve; self-references aside
        if m.text and own not in m.text and not m.text.rstrip().endswith("này") and f"?{m.text}" not in unresolved:
            unresolved.append(f"?{m.text}")
    return CitationGaps(missing_in_child=missing, unresolved=unresolved)


# targets -------------------------------------------------------------------------------------

def _indicator(t: Target) -> str:
    return t.indicator or (t.metrics[0].indicator if t.metrics and t.metrics[0].indicator else t.text)


def _unit(t: Target, m: Metric | None) -> str | None:
    u = (m.unit if m and m.unit else None) or t.unit
    if not u:
        return None
    u = re.sub(r"\s+", " ", u.strip().lower())
    return u.replace("grdp", "gdp").replace("phần trăm", "%")


def _metric(t: Target) -> Metric | None:
    return t.metrics[0] if t.metrics else None


def compare_targets(child: Extraction, parent: Extraction, model: TfIdf,
                    threshold: float = TARGET_THRESHOLD) -> list[TargetComparison]:
    out: list[TargetComparison] = []
    for pt in parent.targets:
        best, best_s = None, 0.0
        for ct in child.targets:
            s = model.cosine(_indicator(pt), _indicator(ct))
            if s > best_s:
                best, best_s = ct, s
        if best is None or best_s < threshold:
            out.append(TargetComparison(verdict="missing_in_child", parent_target=pt.id, parent_text=pt.text,
                                        parent_metric=_metric(pt), indicator_score=round(best_s, 4),
                                        reason="no child target with a similar indicator"))
            continue
        out.append(compare_target(best, pt, round(best_s, 4)))
    return out


def compare_target(ct: Target, pt: Target, indicator_score: float | None = None) -> TargetComparison:
    """Verdict of the child target against the parent one: the child's commitment is weaker/equal/stronger."""
    cm, pm = _metric(ct), _metric(pt)
    base = {"parent_target": pt.id, "child_target": ct.id, "parent_text": pt.text, "child_text": ct.text,
            "parent_metric": pm, "child_metric": cm, "indicator_score": indicator_score}
    if cm is None or pm is None:
        return TargetComparison(verdict="not_comparable", reason="no number on one side", **base)
    cu, pu = _unit(ct, cm), _unit(pt, pm)
    if cu != pu:
        return TargetComparison(verdict="not_comparable", reason=f"units differ: {cu!r} vs {pu!r}", **base)
    verdict, reason = _verdict(cm, pm)
    return TargetComparison(verdict=verdict, reason=reason, **base)


def _verdict(cm: Metric, pm: Metric) -> tuple[str, str]:
    lower_better = (pm.comparator or cm.comparator) in ("<=", "<")
    sign = -1 if lower_better else 1
    diff = sign * (cm.value - pm.value)
    if abs(diff) > 1e-9:
        word = "stronger" if diff > 0 else "weaker"
        return word, f"value {cm.value:g} vs {pm.value:g} ({'lower' if lower_better else 'higher'} is better)"
    strict = {">": 1, ">=": 0, "=": 0, None: 0, "<": 1, "<=": 0}
    ds = strict.get(cm.comparator, 0) - strict.get(pm.comparator, 0)
    if ds:
        return ("stronger" if ds > 0 else "weaker"), f"same value, comparator {cm.comparator} vs {pm.comparator}"
    if cm.deadline and pm.deadline and cm.deadline != pm.deadline:
        earlier = cm.deadline < pm.deadline
        return ("stronger" if earlier else "weaker"), f"same value, deadline {cm.deadline} vs {pm.deadline}"
    return "equal", f"value {cm.value:g}, comparator {cm.comparator or '='}"
