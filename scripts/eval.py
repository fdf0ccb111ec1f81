#!/usr/bin/env python3
"""Precision and recall against every gold file in tests/data/gold/, in every format rendered.

    python scripts/eval.py            # tasks, targets, metric values, citations, alignment pairs
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
GOLD = ROOT / "tests" / "data" / "gold"


def renderings(document: str) -> list[Path]:
    base = ROOT / document
    out = [base]
    for ext in (".docx", ".pdf"):
        cand = base.with_suffix(ext)
        if cand.exists():
            out.append(cand)
    return out


def fmt(scores: dict) -> str:
    return "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in scores.items())


def main() -> int:
    from pipeline.cite import cite
    from pipeline.cite import evaluate as eval_cite
    from pipeline.ingest import ingest
    from pipeline.segment import evaluate as eval_segment
    from pipeline.segment import segment

    worst = 1.0
    for gold_path in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for path in renderings(gold["document"]):
            doc = ingest(path)
            seg = eval_segment(segment(doc), gold)
            cit = eval_cite(cite(doc), gold)
            print(f"{path.relative_to(ROOT)}")
            for name, scores in seg.items():
                print(f"  {name:10} {fmt(scores)}")
                worst = min(worst, scores.get("precision", 1.0), scores.get("recall", 1.0))
            print(f"  {'citations':10} {fmt(cit)}")
            worst = min(worst, cit.get("precision", 1.0), cit.get("recall", 1.0))
    try:
        from eval_align import evaluate_alignment
    except ImportError:
        print("alignment: scripts/eval_align.py not available")
    else:
        scores = evaluate_alignment()
        print(f"alignment pairs  {fmt({k: v for k, v in scores.items() if not isinstance(v, (list, dict))})}")
    print(f"lowest precision/recall over gold files: {worst:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
