"""Align a child document with a parent it carries out: groups, tasks, targets and citations.

1. Term weights come from the two documents only (`pair_model`), so a pair's score never
   changes when other documents enter the store.
2. Group headings and bare lead-ins are not tasks (evidence.is_heading).
3. Groups are aligned first; their similarity is a prior added to every task pair (sections.py).
4. Task score: the mean of three lexical similarities (signals.py) + the group prior + a bonus
   per directive both cite. A child task that names the parent's task number is a match.
5. Selection over the whole matrix, many-to-many: a one-to-one backbone taken best-first over all
   pairs, plus every pair near the best of its parent row or its child column (within `RHO` of it
   and among its best `TOP_K`, or `TOP_K_SAME` when the two groups are each other's best), or near
   the best of both its row and its column (`RHO_BOTH`, among the best `TOP_K_BOTH` of each: a child
   task that carries out several parent tasks of a long parent), or similar beyond `CLEAR` outright.
6. A pair needs evidence a person accepts (a shared multi-syllable term that does not fill both
   documents (more than `COMMON` of the items of each and at least three) and is rare in the fixed
   background of programme prose, pipeline/data/align_background.tsv;
   a shared citation; or the task number); its class is "match" (khớp) from `MATCH` up, "review"
   (cần xem) from `REVIEW` up.
7. A parent task left without a child task is a gap, or, when its lead is a central body and the
   child is a province or commune plan, the upper level's own task.
Cut-offs calibrated on the development labels (scripts/eval_align.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..records import Extraction, Prov, Task
from .evidence import (
    background,
    central_lead,
    distinctive_evidence,
    evidence_terms,
    is_heading,
    parent_number,
    section_titles,
    shared_numbers,
    task_numbers,
)
from .model import (
    AlignmentReport,
    ChildMatch,
    CitationGaps,
    DocRef,
    Evidence,
    PairClass,
    ParentStatus,
    Reasons,
    SectionPair,
    TaskPair,
    TaskRef,
)
from .sections import context_elsewhere, other_level, prior
from .signals import similarity, tfidf_matrix
from .targets import compare_targets
from .text import TfIdf

MATCH = 0.24  # khớp from here up
REVIEW = 0.09  # cần xem from here up (0.08 lifted dev recall 0.815 -> 0.827 but emptied the sample ward's gap
# list against 57-NQ/TW and raised its cần xem pairs 127 -> 150 for 23 parent tasks)
PRIOR = 0.03  # weight of the group prior
RHO = 0.6  # beyond the backbone, a pair within this share of the best of its row or of its column
TOP_K_SAME = 10  # ... or the best TOP_K_SAME when the two tasks' groups are each other's best (dev, 344 rows:
# 5 -> 10 lifted khớp + cần xem recall 0.798 -> 0.815 and cần xem precision 0.494 -> 0.503; 12-20 gave the same)
TOP_K = 3  # ... and among the best TOP_K of that row or column: a reader checks a few candidates, not dozens
BEST_OF_CHILD = 0.98  # khớp only within this share of the child task's best parent score (dev: khớp P
# 0.929 -> 1.0 on 14 -> 10 pairs of 166 labelled rows; 0.95 kept the false one)
OFF_LEVEL = 0.5  # a parent task in a branch written for another level (sections.other_level): its score is
# halved, so its twin in the child's own branch takes the pair, and it is never "khớp"
TOP_K_BOTH = 8  # ... or among the best TOP_K_BOTH of both its row and its column, within RHO_BOTH of both bests
RHO_BOTH = 0.6
CLEAR = 0.3  # a pair this similar is shown whatever else its two tasks resemble
CITATION_BONUS = 0.05  # per shared directive, at most two
TWIN = 0.7  # a parent task stated twice (body and appendix): the copy with a lead lends it
THRESHOLD = REVIEW
METHOD = ("groups-first prior + mean(tfidf-cosine, bm25, char-3-5-gram-cosine) over the two documents "
          "(underthesea words+bigrams+concepts, admin stop-words) + shared citations; global many-to-many selection; "
          f"evidence terms not common in align_background v{background()[0]}")
_LOCAL = ("province", "district", "commune")

_models: dict[tuple[str, ...], TfIdf] = {}


def pair_model(child: Extraction, parent: Extraction) -> TfIdf:
    """Term weights from the tasks and targets of the two documents alone; cached per pair."""
    key = tuple(sorted({child.document, parent.document}))
    model = _models.get(key)
    if model is None:
        docs = (child, parent) if child.document != parent.document else (child,)
        texts = [t.text for e in docs for t in e.tasks] + [t.text for e in docs for t in e.targets]
        model = TfIdf(texts, sides=[[t.text for t in e.tasks] + [t.text for t in e.targets] for e in docs])
        if len(_models) >= 8:  # a model with its cached vectors is some 4.5 MB; a publish meets each pair
            _models.clear()  # once, a calibration a few pairs many times (33 models were 150 MB a worker)
        _models[key] = model
    return model


def corpus_model(extractions: Sequence[Extraction]) -> TfIdf:
    """Kept for callers that score within one document set; alignment itself uses `pair_model`."""
    texts = [t.text for e in extractions for t in e.tasks] + [t.text for e in extractions for t in e.targets]
    return TfIdf(texts)


def doc_ref(e: Extraction) -> DocRef:
    return DocRef(sha256=e.document, name=e.source.get("name", e.document), id=e.meta.id, level=e.meta.level,
                  date=e.meta.date)


def _evidence(p: Prov, text: str) -> Evidence:
    return Evidence(block=p.block, start=p.start, end=p.end, text=text[:300])


def task_indices(e: Extraction) -> list[int]:
    """Indices of the tasks that are tasks (not group headings or bare lead-ins)."""
    titles = section_titles(e.sections)
    return [i for i, t in enumerate(e.tasks) if not is_heading(t, titles)]


@dataclass
class Parts:
    """What the cut-offs apply to: computed once per document pair, cut many ways when calibrating."""

    model: TfIdf
    pidx: list[int]
    cidx: list[int]
    pts: list[Task]
    cts: list[Task]
    blend: np.ndarray  # mean of the lexical signals + citation bonus
    lexical: np.ndarray
    prior: np.ndarray
    same: np.ndarray  # the two groups are each other's best
    shared: dict[tuple[int, int], list[str]]  # shared citations
    numbered: set[tuple[int, int]]  # the child names the parent's task number
    sections: list[SectionPair]
    semantic: dict[tuple[int, int], float] = field(default_factory=dict)  # optional model: nearest pairs
    off_level: list[bool] = field(default_factory=list)  # parent task in a branch for another level
    elsewhere: np.ndarray | None = None  # [a, b] the child task's headings point to another part of the parent
    _evidence: dict[tuple[int, int], bool] = field(default_factory=dict)

    def strong(self, a: int, b: int) -> bool:
        """Evidence a person accepts: a shared citation, the task number, or a shared term of two or more
        syllables that is rare in programme prose (pipeline/data/align_background.tsv). Words every plan
        repeats ("cán bộ", "an ninh", "hành chính", "công nghiệp") do not make a pair on their own, and a
        lower plan copying its parent's template wording shares only such words."""
        if (a, b) not in self._evidence:
            self._evidence[(a, b)] = (a, b) in self.shared or (a, b) in self.numbered or distinctive_evidence(
                self.model, self.pts[a].text, self.cts[b].text)
        return self._evidence[(a, b)]

    has_evidence = strong


@dataclass
class Scored:
    """Every parent task against every child task; `classes` indices are into parent.tasks / child.tasks."""

    parts: Parts
    score: np.ndarray  # [len(pidx), len(cidx)]
    classes: dict[tuple[int, int], PairClass]  # (parent task index, child task index) -> match | review

    def __getattr__(self, name: str):
        return getattr(self.parts, name)


def parts(child: Extraction, parent: Extraction, model: TfIdf | None = None) -> Parts:
    model = model or pair_model(child, parent)
    pidx, cidx = task_indices(parent), task_indices(child)
    pts, cts = [parent.tasks[i] for i in pidx], [child.tasks[j] for j in cidx]
    blend, lexical = similarity(model, [t.text for t in pts], [t.text for t in cts])
    blend = blend.copy()
    pri, same, sec_pairs = prior(model, parent, pts, child, cts)
    ignore = ({parent.meta.id} if parent.meta.id else set()) | (set(child.meta.implements)
                                                                 & set(parent.meta.implements))
    shared: dict[tuple[int, int], list[str]] = {}
    numbered: set[tuple[int, int]] = set()
    names_parent = bool(parent.meta.id) and parent.meta.id in set(child.meta.implements) | {
        d.id for d in child.directives}
    cnum = {b: task_numbers(ct.text) for b, ct in enumerate(cts)}
    for a, pt in enumerate(pts):
        pc = set(pt.cites) - ignore
        pn = parent_number(pt)
        for b, ct in enumerate(cts):
            if pc and ct.cites:
                sh = sorted(pc & set(ct.cites))
                if sh:
                    shared[(a, b)] = sh
                    blend[a, b] += CITATION_BONUS * min(2, len(sh))
            if pn and pn in cnum[b] and names_parent and (parent.meta.id in ct.cites or not ct.cites):
                numbered.add((a, b))
    off = other_level(parent, pts, child.meta.level)
    for a, o in enumerate(off):
        if o:
            blend[a] *= OFF_LEVEL
    from . import semantic

    sem = semantic.nearest_pairs([t.text for t in pts], [t.text for t in cts]) if semantic.enabled() else {}
    elsewhere = context_elsewhere(model, parent, pts, child, cts)
    return Parts(model, pidx, cidx, pts, cts, blend, lexical, pri, same, shared, numbered, sec_pairs, sem, off,
                 elsewhere)


def score(child: Extraction, parent: Extraction, model: TfIdf | None = None, *, match: float = MATCH,
          review: float = REVIEW, rho: float = RHO, prior_w: float = PRIOR, top_k: int = TOP_K,
          top_k_same: int = TOP_K_SAME, pre: Parts | None = None) -> Scored:
    p = pre or parts(child, parent, model)
    total = p.blend + prior_w * p.prior
    classes = _select(p, total, match, review, rho, top_k, top_k_same)
    return Scored(p, total, {(p.pidx[a], p.cidx[b]): k for (a, b), k in classes.items()})


def _kth(total: np.ndarray, k: int, axis: int) -> np.ndarray:
    """The k-th best score of each row (axis 1) or column (axis 0)."""
    k = min(k, total.shape[axis])
    return -np.take(np.partition(-total, k - 1, axis=axis), k - 1, axis=axis)


def _select(p: Parts, total: np.ndarray, match: float, review: float, rho: float,
            top_k: int, top_k_same: int = TOP_K_SAME) -> dict[tuple[int, int], PairClass]:
    if total.size == 0:
        return {}
    cand = np.argwhere(total >= review)
    order = sorted(((float(total[a, b]), int(a), int(b)) for a, b in cand), reverse=True)
    row_used, col_used, backbone = set(), set(), set()
    for _s, a, b in order:  # best-first over the whole matrix: a one-to-one backbone
        if a not in row_used and b not in col_used:
            backbone.add((a, b))
            row_used.add(a)
            col_used.add(b)
    rmax, cmax = total.max(axis=1), total.max(axis=0)
    rkth, ckth = _kth(total, top_k, 1), _kth(total, top_k, 0)
    # inside two groups that are each other's best, a reader looks a little further down the list
    rkth_s, ckth_s = _kth(total, max(top_k, top_k_same), 1), _kth(total, max(top_k, top_k_same), 0)
    # near the best of its row AND of its column: a reader looks further down both lists
    rkth2, ckth2 = _kth(total, TOP_K_BOTH, 1), _kth(total, TOP_K_BOTH, 0)
    out: dict[tuple[int, int], PairClass] = {}
    for s, a, b in order:
        same = bool(p.same[a, b])
        near_row = s >= rho * rmax[a] and s >= (rkth_s if same else rkth)[a]
        near_col = s >= rho * cmax[b] and s >= (ckth_s if same else ckth)[b]
        near_both = s >= RHO_BOTH * rmax[a] and s >= RHO_BOTH * cmax[b] and s >= rkth2[a] and s >= ckth2[b]
        if (a, b) not in backbone and not (near_row or near_col or near_both or s >= CLEAR):
            continue
        if not p.has_evidence(a, b):
            continue  # only common words or single syllables in common: not a pair a person accepts
        # khớp is said only of the child task's best parent: a second parent it also resembles is
        # for a person to check (a commune copying its province's wording resembles several)
        best_of_child = s >= BEST_OF_CHILD * cmax[b]
        own_level = not (p.off_level and p.off_level[a])
        own_part = p.elsewhere is None or not p.elsewhere[a, b]
        out[(a, b)] = "match" if s >= match and p.strong(a, b) and best_of_child and own_level and own_part \
            else "review"
    for a, b in p.semantic:  # a paraphrase the words miss: for a person to check, never "khớp" alone
        out.setdefault((a, b), "review")
    for a, b in p.numbered:
        out[(a, b)] = "match"
    return out


def parent_leads(parent: Extraction, model: TfIdf) -> dict[int, str]:
    """Lead of each parent task; a task stated twice (body and appendix row) takes its copy's lead."""
    leads = {i: t.lead for i, t in enumerate(parent.tasks) if t.lead}
    bare = [i for i, t in enumerate(parent.tasks) if not t.lead]
    if not bare or not leads:
        return leads
    have = sorted(leads)
    sim = tfidf_matrix(model, [parent.tasks[i].text for i in bare], [parent.tasks[i].text for i in have])
    for r, i in enumerate(bare):
        k = int(np.argmax(sim[r]))
        if sim[r, k] >= TWIN:
            leads[i] = leads[have[k]]
    return leads


def align(child: Extraction, parent: Extraction, *, corpus: list[Extraction] | None = None,
          threshold: float | None = None) -> AlignmentReport:
    """`corpus` only says which cited documents are in the store; it never changes a score."""
    model = pair_model(child, parent)
    sc = score(child, parent, model, review=REVIEW if threshold is None else threshold)
    a_of = {i: a for a, i in enumerate(sc.pidx)}
    b_of = {j: b for b, j in enumerate(sc.cidx)}
    leads = parent_leads(parent, model)
    upper_ok = child.meta.level in _LOCAL and parent.meta.level == "central"

    by_parent: dict[int, list[int]] = {}
    for i, j in sc.classes:
        by_parent.setdefault(i, []).append(j)
    pairs: list[TaskPair] = []
    gaps: list[TaskRef] = []
    for i in sc.pidx:
        pt, a = parent.tasks[i], a_of[i]
        js = sorted(by_parent.get(i, []), key=lambda j: (-sc.score[a, b_of[j]], j))
        if not js:
            best = float(sc.score[a].max()) if sc.cidx else 0.0
            # a task of the other level's branch stays a gap: a commune front also runs the National
            # Assembly candidates' residence conferences (the guidance's step 4/A), so it is not the upper level's
            status: ParentStatus = "upper_level" if upper_ok and central_lead(leads.get(i)) else "gap"
            gaps.append(TaskRef(task=pt.id, text=pt.text, section=pt.section, lead=leads.get(i), status=status,
                                evidence=_evidence(pt.prov, pt.text), best_score=round(best, 4)))
            continue
        matches = [_child_match(model, sc, child, parent, i, j, a, b_of[j]) for j in js]
        pairs.append(TaskPair(parent_task=pt.id, parent_text=pt.text, parent_lead=leads.get(i),
                              parent_evidence=_evidence(pt.prov, pt.text), matches=matches))
    used = {j for _, j in sc.classes}
    local = [TaskRef(task=child.tasks[j].id, text=child.tasks[j].text, section=child.tasks[j].section,
                     evidence=_evidence(child.tasks[j].prov, child.tasks[j].text),
                     best_score=round(float(sc.score[:, b].max()) if sc.pidx else 0.0, 4))
             for b, j in enumerate(sc.cidx) if j not in used]

    targets = compare_targets(child, parent, model)
    cits = citation_gaps(child, parent, corpus or [child, parent])
    stats = {"parent_tasks": len(sc.pidx), "child_tasks": len(sc.cidx), "matched_pairs": len(sc.classes),
             "pairs_match": sum(1 for k in sc.classes.values() if k == "match"),
             "pairs_review": sum(1 for k in sc.classes.values() if k == "review"),
             "parent_tasks_matched": len(pairs), "gaps": sum(1 for g in gaps if g.status == "gap"),
             "upper_level": sum(1 for g in gaps if g.status == "upper_level"), "local": len(local),
             "headings_skipped": len(parent.tasks) - len(sc.pidx) + len(child.tasks) - len(sc.cidx),
             **{f"targets_{v}": sum(1 for t in targets if t.verdict == v)
                for v in ("weaker", "equal", "stronger", "missing_in_child", "not_comparable", "qualitative",
                          "upper_level")}}
    th = REVIEW if threshold is None else threshold
    return AlignmentReport(child=doc_ref(child), parent=doc_ref(parent), threshold=th,
                           cutoffs={"match": MATCH, "review": th}, method=METHOD, sections=sc.sections,
                           pairs=pairs, gaps=gaps, local=local, targets=targets, citations=cits, stats=stats)


def _child_match(model: TfIdf, sc: Scored, child: Extraction, parent: Extraction, i: int, j: int, a: int,
                 b: int) -> ChildMatch:
    pt, ct = parent.tasks[i], child.tasks[j]
    terms = evidence_terms(model, pt.text, ct.text)
    cites_parent = bool(parent.meta.id) and parent.meta.id in ct.cites
    reasons = Reasons(terms=terms, citations=sc.shared.get((a, b), []), numbers=shared_numbers(pt, ct),
                      same_section=bool(sc.same[a, b]), cites_parent=cites_parent,
                      task_number=parent_number(pt) if (a, b) in sc.numbered else None,
                      semantic=round(sc.semantic[(a, b)], 4) if (a, b) in sc.semantic else None,
                      template_only=not sc.parts.strong(a, b), better_parent=_better_parent(sc, parent, a, b))
    return ChildMatch(task=ct.id, text=ct.text, score=round(float(sc.score[a, b]), 4),
                      lexical=round(float(sc.lexical[a, b]), 4), klass=sc.classes[(i, j)],
                      shared_citations=reasons.citations, terms=terms, reasons=reasons,
                      evidence=_evidence(ct.prov, ct.text))


def _better_parent(sc: Scored, parent: Extraction, a: int, b: int) -> str | None:
    """The parent task the child task b resembles clearly more than parent task a, if any."""
    if (a, b) in sc.parts.numbered:
        return None
    col = sc.score[:, b]
    best = int(col.argmax())
    if best == a or col[a] >= BEST_OF_CHILD * col[best]:
        return None
    return parent.tasks[sc.pidx[best]].id


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
