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
