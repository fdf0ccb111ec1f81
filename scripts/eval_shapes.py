#!/usr/bin/env python3
"""Scores on the real-shapes corpus (issue #10): per document and overall, dev and test apart.

    python scripts/eval_shapes.py [FOLDER ...]     # default tests/data/realshapes

A FOLDER holds docs/<file> and labels/<file>.json (format: SHAPES_LABELS.md). For each document:
task count error against the hand count, task precision/recall matched by text (the label's first
60 characters against a task's first characters, on text folded to lower case without diacritics
or spaces, fuzzy), numeric targets found with the right value and unit, citation precision/recall
with the glued forms apart.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_MATCH = 0.85  # similarity of folded prefixes that counts as the same task
_MARK = re.compile(r"^\s*(?:[-+•*–]|\(?[0-9a-zđ]{1,3}(?:\.\d+)*[.)]|[IVX]+\.)\s*")


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d), no spaces or punctuation: what two readings share."""
    t = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in t if ch.isalnum() and not unicodedata.combining(ch))


_LABEL = re.compile(r"^[^:]{2,20}:\s*")  # "Nhiệm vụ: ...": a content label one reading keeps, another drops


def _similar(label: str, text: str) -> float:
    best = 0.0
    label = label.split("...")[0].split("…")[0]  # an elided quote: its first piece is the prefix
    for lab in {label, _LABEL.sub("", label)}:
        a = fold(_MARK.sub("", lab))
        b = fold(_MARK.sub("", text))[:len(a)]
        if not a or not b:
            continue
        if b.startswith(a):
            return 1.0
        best = max(best, SequenceMatcher(None, a, b, autojunk=False).ratio())
    return best


def match_texts(labels: list[str], texts: list[str]) -> int:
    """Pairs label -> task, one to one, best first, above the threshold."""
    pairs = sorted(((s, i, j) for i, lab in enumerate(labels) for j, t in enumerate(texts)
                    if (s := _similar(lab, t)) >= _MATCH), reverse=True)
    used_i: set[int] = set()
    used_j: set[int] = set()
    for _s, i, j in pairs:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
    return len(used_i)


def _unit(u: str | None) -> str:
    return " ".join((u or "").lower().split())


def score_targets(want: list[dict], ex) -> dict:
    """A label target is found when a metric has its value (and, for `unit`, its unit); the
    metric read from the most similar target text is taken first."""
    metrics = [(t.text, m) for t in ex.targets for m in t.metrics]
    used: set[int] = set()
    value_ok = unit_ok = 0
    for w in want:
        try:
            v = float(w["value"])
        except (TypeError, ValueError, KeyError):
            continue
        cands = [(i, _similar(w.get("text") or "", txt)) for i, (txt, m) in enumerate(metrics)
                 if i not in used and abs(float(m.value) - v) < 1e-9]
        if not cands:
            continue
        i, _ = max(cands, key=lambda c: c[1])
        used.add(i)
        value_ok += 1
        unit_ok += _unit(metrics[i][1].unit) == _unit(w.get("unit"))
    n = len(want)
    return {"want": n, "got": len(metrics), "value": value_ok, "value_unit": unit_ok,
            "precision": value_ok / len(metrics) if metrics else (1.0 if not n else 0.0)}


def score_doc(path: Path, label: dict) -> dict:
    from pipeline.extract import extract_file

    ex = extract_file(path)
    want_texts = label.get("tasks", {}).get("texts") or []
    want_n = int(label.get("tasks", {}).get("total", len(want_texts)))
    got_texts = [t.text for t in ex.tasks]
    tp = match_texts(want_texts, got_texts)
    want_c = set(label.get("citations") or [])
    glued = set(label.get("glued_citations") or [])
    got_c = {d.id for d in ex.directives}
    zero_diag = [d.code for d in ex.diagnostics if d.code == "no-tasks"]
    return {
        "tasks": {"want": want_n, "got": len(ex.tasks),
                  "error": (len(ex.tasks) - want_n) / want_n if want_n else float(len(ex.tasks) > 0),
                  "tp": tp, "labelled": len(want_texts), "precision": tp / len(got_texts) if got_texts else 1.0,
                  "recall": tp / len(want_texts) if want_texts else 1.0, "no_task_diagnostic": bool(zero_diag)},
        "targets": score_targets(label.get("targets") or [], ex),
        "citations": {"want": len(want_c), "got": len(got_c), "tp": len(want_c & got_c),
                      "missed": sorted(want_c - got_c), "extra": sorted(got_c - want_c),
                      "glued": len(glued), "glued_found": len(glued & got_c)},
        "meta": score_meta(label, ex.meta),
    }


def score_meta(label: dict, meta) -> dict:
    """Level, number and issuer of the document against the label (issuer: the same words, any case)."""
    def num(x: str | None) -> str:
        return fold(re.sub(r"^0+(?=\d)", "", x or ""))

    return {"level": meta.level == label.get("level"), "got_level": meta.level,
            "number": num(meta.number) == num(label.get("number")), "got_number": meta.number,
            "issuer": bool(meta.issuer) and fold(meta.issuer) == fold(label.get("issuer") or ""),
            "got_issuer": meta.issuer, "want_issuer": label.get("issuer")}


def _labels(folders: list[Path]) -> list[tuple[Path, dict]]:
    out = []
    for f in folders:
        for lp in sorted((f / "labels").glob("*.json")):
            try:
                label = json.loads(lp.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                print(f"{lp}: unreadable label: {exc}", file=sys.stderr)
                continue
            doc = f / label.get("file", "docs/" + lp.name[:-5])
            if not doc.exists():
                print(f"{lp}: no document {doc}", file=sys.stderr)
                continue
            out.append((doc, label))
    return out


def _pr(tp: int, got: int, want: int) -> tuple[float, float]:
    return (tp / got if got else (1.0 if not want else 0.0)), (tp / want if want else 1.0)


def summary(rows: list[dict]) -> str:
    n = len(rows)
    if not n:
        return "  (no documents)"
    within = sum(abs(r["tasks"]["error"]) <= 0.10 for r in rows)
    ttp = sum(r["tasks"]["tp"] for r in rows)
    tgot = sum(r["tasks"]["got"] for r in rows if r["tasks"]["labelled"])
    tlab = sum(r["tasks"]["labelled"] for r in rows)
    tp_, tr_ = _pr(ttp, tgot, tlab)
    mw = sum(r["targets"]["want"] for r in rows)
    mv = sum(r["targets"]["value"] for r in rows)
    mu = sum(r["targets"]["value_unit"] for r in rows)
    mg = sum(r["targets"]["got"] for r in rows)
    ctp = sum(r["citations"]["tp"] for r in rows)
    cp, cr = _pr(ctp, sum(r["citations"]["got"] for r in rows), sum(r["citations"]["want"] for r in rows))
    gw = sum(r["citations"]["glued"] for r in rows)
    gf = sum(r["citations"]["glued_found"] for r in rows)
    mean_err = sum(abs(r["tasks"]["error"]) for r in rows) / n
    return (f"  documents={n}  task count within ±10%: {within}/{n} ({within / n:.2f})  mean |error|={mean_err:.3f}\n"
            f"  tasks by text: precision={tp_:.3f} recall={tr_:.3f} (tp={ttp} got={tgot} labelled={tlab})\n"
            f"  targets: value={mv}/{mw} ({mv / mw if mw else 1:.3f})  value+unit={mu}/{mw} "
            f"({mu / mw if mw else 1:.3f})  metrics read={mg}\n"
            f"  citations: precision={cp:.3f} recall={cr:.3f} (tp={ctp})  glued found={gf}/{gw}\n"
            "  meta: " + "  ".join(f"{k} {sum(r['meta'][k] for r in rows)}/{n}" for k in ("level", "number", "issuer")))


def line(name: str, r: dict) -> str:
    t, g, c = r["tasks"], r["targets"], r["citations"]
    diag = " no-tasks-diagnostic" if t["no_task_diagnostic"] else ""
    return (f"{name}\n"
            f"    tasks got={t['got']} want={t['want']} error={t['error']:+.2f}  by text P={t['precision']:.2f} "
            f"R={t['recall']:.2f}{diag}\n"
            f"    targets value={g['value']}/{g['want']} value+unit={g['value_unit']}/{g['want']} read={g['got']}\n"
            f"    citations tp={c['tp']} got={c['got']} want={c['want']} glued={c['glued_found']}/{c['glued']}"
            + (f" missed={c['missed']}" if c["missed"] else "") + (f" extra={c['extra']}" if c["extra"] else "")
            + "\n    meta " + " ".join(f"{k}={'ok' if r['meta'][k] else repr(r['meta']['got_' + k])}"
                                      for k in ("level", "number", "issuer")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[ROOT / "tests" / "data" / "realshapes"])
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--json", type=Path, help="also write every score to this file")
    args = ap.parse_args(argv)
    docs = _labels(args.folders)
    if not docs:
        print("no labelled documents in " + ", ".join(map(str, args.folders)), file=sys.stderr)
        return 1
    results: dict[str, list[tuple[str, dict]]] = {"dev": [], "test": []}
    for path, label in docs:
        split = label.get("split", "dev")
        if args.split != "all" and split != args.split:
            continue
        try:
            r = score_doc(path, label)
        except Exception as exc:  # one bad document must not stop the report
            print(f"{path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        results.setdefault(split, []).append((path.name, r))
    dump = {}
    for split, rows in results.items():
        if args.split != "all" and split != args.split:
            continue
        print(f"== {split} ==")
        for name, r in rows:
            print(line(name, r))
        print(f"-- {split} overall --")
        print(summary([r for _, r in rows]))
        dump[split] = dict(rows)
    if args.json:
        args.json.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
