"""Compare a Segmentation with a gold file: precision/recall for tasks (per heading),
targets (group + label) and metric values."""

from __future__ import annotations

from collections import Counter

from ..records import Segmentation


def _pr(got: Counter, want: Counter) -> dict:
    tp = sum((got & want).values())
    g, w = sum(got.values()), sum(want.values())
    p = tp / g if g else (1.0 if not w else 0.0)
    r = tp / w if w else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "tp": tp, "got": g, "want": w}


def _group(g: str | None) -> str:
    return (g or "").strip().strip(".,)").lower()


def _label(x: str | None) -> str:
    return (x or "").strip().strip("()").rstrip(".")


def evaluate(seg: Segmentation, gold: dict) -> dict:
    out: dict = {}
    gt = gold.get("tasks") or {}
    if gt.get("per_heading"):
        want_tasks = Counter({k: int(v) for k, v in gt["per_heading"].items()})
        got_tasks = Counter(t.path[-1] if t.path else "" for t in seg.tasks)
        out["tasks"] = _pr(got_tasks, want_tasks)
    elif "count" in gt:
        out["tasks"] = _pr(Counter({"*": len(seg.tasks)}), Counter({"*": int(gt["count"])}))
    gtar = gold.get("targets") or {}
    checks = gtar.get("checks") or []
    if gtar.get("groups"):
        got: Counter[tuple[str, str]] = Counter((_group(t.group), _label(t.label)) for t in seg.targets)
        want: Counter[tuple[str, str]] = Counter()
        for g, n in gtar["groups"].items():
            labels = [(_group(g), _label(t.label)) for t in seg.targets if _group(t.group) == _group(g)]
            if len(labels) == n:
                want += Counter(labels)
            else:
                want += Counter({(g, f"?{i}"): 1 for i in range(n)})
        out["targets"] = _pr(got, want)
    if checks:
        hit = 0
        for c in checks:
            want_m = c["metric"]
            cands = [t for t in seg.targets
                     if _label(t.label) == _label(c["label"]) and _group(t.group) == _group(c["group"])]
            if any(_match(m, want_m) for t in cands for m in t.metrics):
                hit += 1
        n_metrics = sum(len(t.metrics) for t in seg.targets)
        # the gold lists a subset of the metrics (its 100 % clauses are not listed), so metrics
        # beyond it are counted, not scored as false positives
        out["metrics"] = {"recall": round(hit / len(checks), 4), "hit": hit, "want": len(checks),
                          "unlisted": max(0, n_metrics - hit)}
    gr = gold.get("responsibilities") or {}
    if gr.get("bodies"):
        out["responsibilities"] = _pr(Counter(r.body for r in seg.responsibilities), Counter(gr["bodies"]))
    return out


def _match(m, want: dict) -> bool:
    if float(m.value) != float(want["value"]):
        return False
    for k in ("value_max", "unit", "comparator", "deadline", "period"):
        if k in want and getattr(m, k) != want[k] and not (k == "value_max" and m.value_max is not None
                                                          and float(m.value_max) == float(want[k])):
            return False
    return True
