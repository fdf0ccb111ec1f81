"""Structure before words: the groups of the two documents aligned first, as a prior for tasks.

A task's group is its appendix group ("VII") or its top two outline labels ("II/5", "IV/1").
A group's text is its title with all its tasks, so a parent group "5. Chuyển đổi số, ..." finds
the child groups that do the same work whatever their numbers. The prior of a task pair is the
similarity of their groups relative to the best group of either side (1.0 for the best), so it
lifts pairs in matching groups without walling off a task the child moved to another group.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..records import Extraction, Task
from .evidence import branch_level
from .model import SectionPair
from .signals import tfidf_matrix
from .text import TfIdf


def group_of(t: Task) -> str:
    if t.group:
        return f"{t.path[0] if t.path else ''}:{t.group}"
    return "/".join(t.path[:2]) if t.path else t.section


def groups(e: Extraction, tasks: Sequence[Task]) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """(group of each task, text of each group, title of each group)."""
    keys = [group_of(t) for t in tasks]
    by_id = {s.id: s.title for s in e.sections}
    texts: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for t, k in zip(tasks, keys, strict=True):
        if k not in titles:
            titles[k] = (t.headings[-1] if t.group and t.headings else by_id.get(k)) or k
            texts[k] = [titles[k]]
        texts[k].append(t.text)
    return keys, {k: " ".join(v) for k, v in texts.items()}, titles


def prior(model: TfIdf, parent: Extraction, ptasks: Sequence[Task], child: Extraction,
          ctasks: Sequence[Task]) -> tuple[np.ndarray, np.ndarray, list[SectionPair]]:
    """(prior[i, j] in [0, 1], same[i, j] the groups are each other's best, the aligned group pairs)."""
    pk, ptext, ptitle = groups(parent, ptasks)
    ck, ctext, ctitle = groups(child, ctasks)
    pg, cg = list(ptext), list(ctext)
    if not pg or not cg:
        z = np.zeros((len(ptasks), len(ctasks)))
        return z, z.astype(bool), []
    s = tfidf_matrix(model, [ptext[g] for g in pg], [ctext[g] for g in cg])
    row = s.max(axis=1, keepdims=True)
    col = s.max(axis=0, keepdims=True)
    rel = np.maximum(np.divide(s, row, out=np.zeros_like(s), where=row > 0),
                     np.divide(s, col, out=np.zeros_like(s), where=col > 0))
    best = rel >= 0.999
    pi = np.array([pg.index(k) for k in pk])
    cj = np.array([cg.index(k) for k in ck])
    pairs = [SectionPair(parent_section=pg[a], parent_title=ptitle[pg[a]][:200], child_section=cg[b],
                         child_title=ctitle[cg[b]][:200], score=round(float(s[a, b]), 4))
             for a, b in zip(*np.nonzero(best), strict=True)]
    return rel[np.ix_(pi, cj)], best[np.ix_(pi, cj)], pairs


def other_level(parent: Extraction, ptasks: Sequence[Task], child_level: str | None) -> list[bool]:
    """Which parent tasks sit in a branch written for another level than the child's.

    A guidance with parallel branches (one for the National Assembly election, its twin for the
    People's Councils) states near-identical steps in both; a commune plan carries out the local
    branch. A task's branch level is that of the nearest enclosing section whose title names one
    level only; the rule applies only when the parent has branches of both levels, so a plan whose
    headings merely mention the Government is left alone."""
    want = "central" if child_level == "central" else "local" if child_level in _LOCAL_LEVELS else None
    by_id = {s.id: s for s in parent.sections}
    level: dict[str, str | None] = {}

    def of(sid: str | None) -> str | None:
        seen = []
        while sid is not None and sid in by_id and sid not in level:
            seen.append(sid)
            sid = by_id[sid].parent
        got = level.get(sid) if sid in level else None
        for k in reversed(seen):
            got = branch_level(by_id[k].title) or got
            level[k] = got
        return level.get(seen[0]) if seen else got

    for s in parent.sections:
        of(s.id)
    if want is None or not {"central", "local"} <= {v for v in level.values() if v}:
        return [False] * len(ptasks)
    return [(lv := of(t.section)) is not None and lv != want for t in ptasks]


_LOCAL_LEVELS = ("province", "district", "commune")


CONTEXT_CLEAR = 0.3  # the child's context resembles some part of the parent at least this much ...
CONTEXT_SHARE = 0.4  # ... and the matched parent task's part less than this share of that best part


def context_elsewhere(model: TfIdf, parent: Extraction, ptasks: Sequence[Task], child: Extraction,
                      ctasks: Sequence[Task]) -> np.ndarray:
    """[i, j]: the child task's own context (its document's title and its heading chain) points clearly to
    another part of the parent than parent task i's heading chain.

    A guidance states one procedure in several places (the order of business of the workplace voters'
    conference and of the residence one); a commune plan for the residence conference copies the order
    word for word. The words match both copies equally, the context tells which conference the plan is
    for: a pair whose headings say "another conference" is for a person to check, never khớp on words."""
    if not ptasks or not ctasks:
        return np.zeros((len(ptasks), len(ctasks)), dtype=bool)
    pctx = [" ".join(t.headings) for t in ptasks]
    title = child.meta.title or ""
    cctx = [f"{title} {' '.join(t.headings)}" for t in ctasks]
    s = tfidf_matrix(model, pctx, cctx)
    best = s.max(axis=0, keepdims=True)
    return (best >= CONTEXT_CLEAR) & (s < CONTEXT_SHARE * best)
