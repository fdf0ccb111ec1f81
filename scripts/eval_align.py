"""Precision / recall / F1 of matched task pairs against the hand-labelled pairs.

    python scripts/eval_align.py            # at the calibrated threshold, plus a sweep

Pairs live in tests/data/align/pairs.tsv (the first 46, chosen by hand from the texts) and
pairs_added.tsv (27 more, read and labelled from a sample of the scorer's matches and near
misses, mostly hard negatives), columns child_doc, child_task_text_prefix, parent_doc,
parent_task_text_prefix, label, note; a prefix finds its task whatever the task ids are.
Figures are printed for the first set and for both together.
"""

from __future__ import annotations

import csv
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAIRS = ROOT / "tests" / "data" / "align" / "pairs.tsv"
ADDED = ROOT / "tests" / "data" / "align" / "pairs_added.tsv"
DOCS = {
    "57-NQ/TW": ROOT / "corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md",
    "03/NQ-CP": ROOT / "corpus/real/central_03-NQ-CP_2025-01-09_ChinhPhu_CTrHD-thuc-hien-57-NQ-TW.md",
    "144/KH-UBND": ROOT / "corpus/real/bacninh_144-KH-UBND_2025-11-24_kinh-te-so-xa-hoi-so_can-cu-57-NQ-TW.md",
}
SWEEP = (0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2)


def _norm(s: str) -> str:
    from pipeline.align.text import normalize

    s = normalize(s).casefold()
    s = re.sub(r"^([a-zđ]\)|[-+•]|\d+(\.\d+)*\.)\s+", "", s)
    return re.sub(r"[*_“”\"]", "", s)


def load_pairs(*paths: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in paths or (PAIRS,):
        with open(path, encoding="utf-8") as f:
            rows += list(csv.DictReader(f, delimiter="\t"))
    return rows


def find_task(tasks, prefix: str) -> int | None:
    """Index of the task whose text starts with `prefix` (or, failing that, contains it).

    A lead-in the segmenter keeps apart from its item ("b) Triển khai các chương trình:" above
    "“Bình dân học vụ số” cho người dân; ...") is tried without, as the task text starts after it.
    """
    texts = [_norm(t.text) for t in tasks]
    full = _norm(prefix)
    tries = [full] + ([full.split(":", 1)[1].strip()] if ":" in full else [])
    for q in tries:
        p = q[:55]
        if len(p) < 20:
            continue
        hits = [i for i, t in enumerate(texts) if t.startswith(p)] or [i for i, t in enumerate(texts) if p in t]
        if hits:
            return min(hits, key=lambda i: len(texts[i]))
    return None


def load_extractions():
    from pipeline.extract import extract_file

    return {k: extract_file(p) for k, p in DOCS.items()}


def evaluate_alignment(threshold: float | None = None, extractions: dict | None = None,
                       sweep: tuple[float, ...] = SWEEP, paths: tuple[Path, ...] = (PAIRS,)) -> dict:
    """Scores of matched pairs on the labelled pairs: precision, recall, f1 at `threshold`, and a sweep."""
    from pipeline.align.core import THRESHOLD, corpus_model, matched, score_tasks

    th = THRESHOLD if threshold is None else threshold
    ex = extractions if extractions is not None else load_extractions()
    model = corpus_model(list(ex.values()))
    rows = load_pairs(*paths)
    t0 = time.perf_counter()
    cache: dict[tuple[str, str], list] = {}
    resolved, missing = [], []
    for r in rows:
        c, p = ex[r["child_doc"]], ex[r["parent_doc"]]
        ci, pi = find_task(c.tasks, r["child_task_text_prefix"]), find_task(p.tasks, r["parent_task_text_prefix"])
        if ci is None or pi is None:
            missing.append({"child": r["child_task_text_prefix"] if ci is None else None,
                            "parent": r["parent_task_text_prefix"] if pi is None else None})
            continue
        key = (r["child_doc"], r["parent_doc"])
        if key not in cache:
            cache[key] = score_tasks(c, p, model)
        resolved.append((key, pi, ci, r["label"] == "1", r["note"]))
    seconds = time.perf_counter() - t0

    def at(t: float) -> dict:
        pairs = {k: matched(s, t) for k, s in cache.items()}
        tp = sum(1 for k, pi, ci, y, _ in resolved if y and (pi, ci) in pairs[k])
        fp = sum(1 for k, pi, ci, y, _ in resolved if not y and (pi, ci) in pairs[k])
        fn = sum(1 for _, _, _, y, _ in resolved if y) - tp
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return {"threshold": t, "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3),
                "tp": tp, "fp": fp, "fn": fn}

    out = at(th)
    out.update(pairs=len(rows), resolved=len(resolved), unresolved=len(missing), seconds=round(seconds, 2),
               sweep=[at(t) for t in sweep], missing=missing)
    out["errors"] = [{"label": int(y), "score": round(cache[k][pi][ci][0], 3), "note": note}
                     for k, pi, ci, y, note in resolved if y != ((pi, ci) in matched(cache[k], th))]
    return out


def main() -> int:
    ex = load_extractions()
    sets = (("first set (pairs.tsv)", (PAIRS,)), ("all pairs (pairs.tsv + pairs_added.tsv)", (PAIRS, ADDED)))
    for title, paths in sets:
        res = evaluate_alignment(extractions=ex, paths=paths)
        print(f"== {title}: labelled pairs {res['pairs']}, resolved {res['resolved']}, unresolved {res['unresolved']}")
        print(f"threshold {res['threshold']}: precision {res['precision']} recall {res['recall']} f1 {res['f1']} "
              f"(tp {res['tp']} fp {res['fp']} fn {res['fn']}), scoring {res['seconds']} s")
        print("sweep:")
        for s in res["sweep"]:
            print(f"  {s['threshold']:<5} P {s['precision']:<5} R {s['recall']:<5} F1 {s['f1']:<5}")
        for m in res["missing"]:
            print("  unresolved prefix:", m)
        for e in res["errors"]:
            print(f"  {'missed' if e['label'] else 'false match'} {e['score']}: {e['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
