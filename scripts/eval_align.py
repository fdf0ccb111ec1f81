"""Alignment measured on hand-labelled pairs: per document pair and overall, dev and test apart.

    python scripts/eval_align.py [LABELS.tsv ...]      # default tests/data/align/labels.tsv and labels_dev2.tsv
    python scripts/eval_align.py --sweep                # cut-off grid on the DEV split only
    python scripts/eval_align.py --dev                  # DEV rows only, with each miss's rank: for tuning
    python scripts/eval_align.py --help                 # this text; nothing is evaluated

Label files (tab-separated):
- labels.tsv: split (dev|test), pair, kind (task|target), child_doc, child_text_prefix, parent_doc,
  parent_text_prefix, label (1|0), verdict (weaker|equal|stronger|not_comparable|qualitative or empty),
  scope, note; documents in docs/ beside it (SOURCES.tsv says where each came from).
- labels_dev2.tsv: the same columns, DEV only (central act -> province plan on other topics than digital
  transformation: 32/CT-TTg -> Nghệ An 1026/KH-UBND, 66-NQ/TW -> Bắc Ninh 141/KH-UBND).
- pairs.tsv and pairs_added.tsv (Bắc Ninh 144/KH-UBND vs 03/NQ-CP, task pairs): read as DEV.
A prefix finds its item whatever the ids are; either copy of a task a document states twice
(body and appendix row) is credited. Printed: task-pair precision per class (khớp, cần xem),
recall of khớp and of khớp + cần xem, target-pair P/R/F1, verdict accuracy on comparable pairs,
and the stability check (five unrelated documents added: no class or verdict may change).
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LABELS = ROOT / "tests" / "data" / "align" / "labels.tsv"
LABELS_DEV2 = ROOT / "tests" / "data" / "align" / "labels_dev2.tsv"
PAIRS = ROOT / "tests" / "data" / "align" / "pairs.tsv"
ADDED = ROOT / "tests" / "data" / "align" / "pairs_added.tsv"
DOCS = {
    "57-NQ/TW": ROOT / "corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md",
    "03/NQ-CP": ROOT / "corpus/real/central_03-NQ-CP_2025-01-09_ChinhPhu_CTrHD-thuc-hien-57-NQ-TW.md",
    "144/KH-UBND": ROOT / "corpus/real/bacninh_144-KH-UBND_2025-11-24_kinh-te-so-xa-hoi-so_can-cu-57-NQ-TW.md",
}
# unrelated to every labelled pair: the stability check adds them to the store
UNRELATED = [ROOT / "tests/data/real" / n for n in (
    "laocai_104-CTr-TU_2026-08-30_TinhUy_CTrHD-thuc-hien-75-KL-TW_31-CTr-TW_pdftotext.txt",
    "laocai_KH-UBND_2026_trien-khai-11-CT-TU-khoang-san_draft-unnumbered.docx",
    "quangninh_HD-MTTQ-BTT_2025-11_huong-dan-hiep-thuong_draft.docx",
    "commune_luongminh-QN_16-KH-MTTQ-BTT_2025-11-18_KH-cong-tac-bau-cu.docx",
    "quangninh_99-2025-NQ-HDND_2025-12-16_muc-chi-bau-cu.doc")]
FORBIDDEN = {("03/NQ-CP", "57-NQ/TW")}  # kept for an independent check: never labelled, never tuned on


def _norm(s: str) -> str:
    from pipeline.align.text import normalize

    s = normalize(s).casefold()
    s = re.sub(r"^([a-zđ]\)|[-+•]|\d+(\.\d+)*\.)\s+", "", s)
    return re.sub(r"[*_“”\"]", "", s)


def find_item(items, prefix: str) -> int | None:
    """Index of the item whose text starts with `prefix` (or, failing that, contains it).

    A lead-in the segmenter keeps apart from its item ("b) Triển khai các chương trình:" above
    "“Bình dân học vụ số” cho người dân; ...") is tried without, as the item text starts after it.
    """
    texts = [_norm(t.text) for t in items]
    full = _norm(prefix)
    tries = [full] + ([full.split(":", 1)[1].strip()] if ":" in full else [])
    for q in tries:
        p = q[:55]
        if len(p) < 12:
            continue
        hits = [i for i, t in enumerate(texts) if t.startswith(p)] or [i for i, t in enumerate(texts) if p in t]
        if hits:
            return min(hits, key=lambda i: len(texts[i]))
    return None


find_task = find_item


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t"))
    out = []
    for r in rows:
        if "split" not in r:  # the first format: task pairs of Bắc Ninh vs 03/NQ-CP, development data
            r = {"split": "dev", "kind": "task", "child_doc": r["child_doc"], "parent_doc": r["parent_doc"],
                 "child_text_prefix": r["child_task_text_prefix"], "parent_text_prefix": r["parent_task_text_prefix"],
                 "label": r["label"], "verdict": "", "scope": "", "note": r.get("note", "")}
        r["pair"] = r.get("pair") or f"{r['child_doc']} → {r['parent_doc']}"
        names = (r["child_doc"].replace("-", "/"), r["parent_doc"].replace("-", "/"))
        if (r["child_doc"], r["parent_doc"]) in FORBIDDEN or any(c in names[0] and p in names[1]
                                                                for c, p in FORBIDDEN):
            raise SystemExit(f"{path}: {r['child_doc']} vs {r['parent_doc']} is kept for an independent check")
        out.append(r)
    return out


class Documents(dict):
    """Extractions by the names label files use: a short id ("03/NQ-CP"), a file name in a docs/
    folder beside the labels, or a path from the repo root. Extracted once, on first use."""

    def __init__(self, *dirs: Path):
        super().__init__()
        self.dirs = [d for d in dirs if d.is_dir()]

    def get(self, key: str, default=None):
        if key in self:
            return self[key]
        path = DOCS.get(key) or next((d / key for d in self.dirs if (d / key).is_file()), None) or ROOT / key
        if not path.is_file():
            return default
        from pipeline.extract import extract_file

        try:
            self[key] = extract_file(path)
        except Exception as exc:  # noqa: BLE001 - a bad file is named and skipped
            print(f"{path.name}: {exc}", file=sys.stderr)
            return default
        return self[key]

    def __missing__(self, key: str):
        got = self.get(key)
        if got is None:
            raise KeyError(key)
        return got


def load_documents(*dirs: Path) -> Documents:
    return Documents(*dirs)


def load_extractions():
    from pipeline.extract import extract_file

    return {k: extract_file(p) for k, p in DOCS.items()}


# -- scoring -------------------------------------------------------------------------------------

_CACHE: dict[tuple[str, str], tuple] = {}


class PairResult:
    """Predicted task classes and target comparisons of one document pair."""

    def __init__(self, child, parent, **cut):
        from pipeline.align.core import TWIN, pair_model, parts, score
        from pipeline.align.signals import tfidf_matrix
        from pipeline.align.targets import compare_targets

        self.child, self.parent = child, parent
        key = (child.document, parent.document)
        if key not in _CACHE:
            model = pair_model(child, parent)
            texts = [t.text for t in parent.tasks]
            sim = tfidf_matrix(model, texts, texts)
            twins = {i: {k for k in range(len(texts)) if sim[i, k] >= TWIN} | {i} for i in range(len(texts))}
            _CACHE[key] = (parts(child, parent, model), twins, compare_targets(child, parent, model))
        pre, self.twins, self.targets = _CACHE[key]
        self.scored = score(child, parent, pre=pre, **cut)

    def task_class(self, pi: int, ci: int, other: frozenset[int] = frozenset()) -> str:
        """The best class of child task ci with parent task pi or a copy of it. `other`: parent tasks
        labelled the other way for this child task; they are not copies whatever their wording (a
        guidance's National Assembly step and its HĐND twin differ by a few words and are told apart)."""
        rank = {"match": 2, "review": 1}
        best = max((self.scored.classes.get((k, ci), "none") for k in self.twins.get(pi, {pi})
                    if k == pi or k not in other),
                   key=lambda c: rank.get(c, 0), default="none")
        return best

    def target(self, pi: int, ci: int):
        """The comparison of parent target pi with child target ci, or None when not paired."""
        pid, cid = self.parent.targets[pi].id, self.child.targets[ci].id
        hits = [t for t in self.targets if t.parent_target == pid and t.child_target == cid]
        return hits[0] if hits else None


def evaluate(rows: list[dict[str, str]], docs: dict, cut: dict | None = None) -> dict:
    """Figures per (split, document pair) and per split overall."""
    cut = cut or {}
    cache: dict[tuple[str, str], PairResult] = {}
    counts: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    unresolved: list[str] = []
    labelled: dict[tuple[str, str, int], dict[int, bool]] = defaultdict(dict)  # (pair, child task) -> parents
    for r in rows:
        c, p = docs.get(r["child_doc"]), docs.get(r["parent_doc"])
        if c is not None and p is not None and r["kind"].strip() == "task":
            ci, pi = find_item(c.tasks, r["child_text_prefix"]), find_item(p.tasks, r["parent_text_prefix"])
            if ci is not None and pi is not None:
                labelled[(r["child_doc"], r["parent_doc"], ci)][pi] = r["label"].strip() == "1"
    for r in rows:
        c, p = docs.get(r["child_doc"]), docs.get(r["parent_doc"])
        if c is None or p is None:
            unresolved.append(f"{r['pair']}: document {r['child_doc'] if c is None else r['parent_doc']} not found")
            continue
        key = (r["child_doc"], r["parent_doc"])
        if key not in cache:
            cache[key] = PairResult(c, p, **cut)
        res = cache[key]
        target = r["kind"].strip() == "target"
        ci = find_item(c.targets if target else c.tasks, r["child_text_prefix"])
        pi = find_item(p.targets if target else p.tasks, r["parent_text_prefix"])
        if ci is None or pi is None:
            for k in ((r["split"], r["pair"]), (r["split"], "ALL")):  # an item not extracted is a miss
                counts[k]["lost_target" if target else "lost_task"] += r["label"].strip() == "1"
            unresolved.append(f"{r['pair']}: {r['kind']} not found: "
                              f"{r['child_text_prefix'] if ci is None else r['parent_text_prefix']}"[:160])
            continue
        y = r["label"].strip() == "1"
        other = frozenset(k for k, v in labelled[(r["child_doc"], r["parent_doc"], ci)].items() if v != y) \
            if not target else frozenset()
        for k in ((r["split"], r["pair"]), (r["split"], "ALL")):
            n = counts[k]
            if target:
                cmp = res.target(pi, ci)
                got = cmp is not None
                n["t_tp"] += y and got
                n["t_fp"] += (not y) and got
                n["t_fn"] += y and not got
                n["t_tn"] += (not y) and not got
                if not p.targets[pi].metrics:  # a qualitative parent target: matched by its key terms
                    n["q_tp"] += y and got
                    n["q_fp"] += (not y) and got
                    n["q_fn"] += y and not got
                gold = r.get("verdict", "").strip()
                if y and gold:  # every labelled verdict; "not comparable" is right as any non-verdict pairing
                    n["va_n"] += 1
                    n["va_ok"] += got and (cmp.verdict == gold or (gold == "not_comparable" and cmp.verdict in (
                        "not_comparable", "qualitative")))
                if y and gold in ("weaker", "equal", "stronger") and got:
                    n["v_n"] += 1
                    n["v_ok"] += cmp.verdict == gold
                elif y and gold in ("weaker", "equal", "stronger"):
                    n["v_n"] += 1  # an unpaired comparable target is a wrong verdict too
            else:
                cls = res.task_class(pi, ci, other)
                n["pos"] += y
                n[f"{cls}_{int(y)}"] += 1
        if not target and y != (res.task_class(pi, ci, other) != "none"):
            counts[(r["split"], "errors")][f"{'missed' if y else 'false'} {res.task_class(pi, ci, other)}: "
                                           f"{r['child_text_prefix'][:45]} ↔ {r['parent_text_prefix'][:45]}"] += 1
    return {"counts": counts, "unresolved": unresolved, "pairs": cache}


def figures(n: dict[str, float]) -> dict[str, float | None]:
    def div(a, b):
        return round(a / b, 3) if b else None

    m1, m0, r1, r0 = n["match_1"], n["match_0"], n["review_1"], n["review_0"]
    pos = n["pos"]
    tp, fp, fn = n["t_tp"], n["t_fp"], n["t_fn"]
    tpp, tr = div(tp, tp + fp), div(tp, tp + fn)
    return {"task_labels": int(m1 + m0 + r1 + r0 + n["none_1"] + n["none_0"]), "positives": int(pos),
            "P_khop": div(m1, m1 + m0), "P_canxem": div(r1, r1 + r0), "P_both": div(m1 + r1, m1 + m0 + r1 + r0),
            "R_khop": div(m1, pos), "R_both": div(m1 + r1, pos), "lost": int(n["lost_task"]),
            "R_both_all": div(m1 + r1, pos + n["lost_task"]),
            "target_labels": int(tp + fp + fn + n["t_tn"]), "target_P": tpp, "target_R": tr,
            "target_F1": round(2 * tpp * tr / (tpp + tr), 3) if tpp and tr else None,
            "verdict_acc": div(n["v_ok"], n["v_n"]), "verdicts": int(n["v_n"]),
            "verdict_all": div(n["va_ok"], n["va_n"]), "verdicts_all": int(n["va_n"]),
            "qual_P": div(n["q_tp"], n["q_tp"] + n["q_fp"]), "qual_R": div(n["q_tp"], n["q_tp"] + n["q_fn"]),
            # a labelled target that extraction does not find is a miss too, as for tasks
            "target_R_all": div(tp, tp + fn + n["lost_target"]), "lost_targets": int(n["lost_target"])}


def stability(docs: dict, keys: list[tuple[str, str]]) -> tuple[int, list[str]]:
    """Align every labelled pair with the two documents alone and again with five unrelated documents
    in the store; count class or verdict changes."""
    from pipeline.align import align
    from pipeline.extract import extract_file

    extra = []
    for f in UNRELATED:
        try:
            extra.append(extract_file(f))
        except Exception as exc:  # noqa: BLE001
            print(f"{f.name}: {exc}", file=sys.stderr)
    changes: list[str] = []
    for ck, pk in keys:
        c, p = docs[ck], docs[pk]
        a = align(c, p, corpus=[c, p])
        b = align(c, p, corpus=[c, p, *extra])
        if _signature(a) != _signature(b):
            changes.append(f"{ck} → {pk}")
    return len(extra), changes


def _signature(rep) -> tuple:
    pairs = sorted((p.parent_task, m.task, m.klass, m.score) for p in rep.pairs for m in p.matches)
    gaps = sorted((g.task, g.status) for g in rep.gaps)
    tg = sorted((t.parent_target or "", t.child_target or "", t.verdict) for t in rep.targets)
    return pairs, gaps, tg


def report(res: dict) -> None:
    counts = res["counts"]
    for split in ("dev", "test"):
        keys = sorted(k for k in counts if k[0] == split and k[1] not in ("errors",))
        if not keys:
            continue
        print(f"\n== {split.upper()}")
        for k in sorted(keys, key=lambda k: k[1] == "ALL"):
            f = figures(counts[k])
            print(f"  {k[1]}: task pairs {f['task_labels']} (positives {f['positives']}) · "
                  f"P khớp {f['P_khop']} · P cần xem {f['P_canxem']} · R khớp {f['R_khop']} · "
                  f"R khớp+cần xem {f['R_both']} ({f['R_both_all']} counting {f['lost']} unextracted) · "
                  f"targets P {f['target_P']} R {f['target_R']} F1 {f['target_F1']} "
                  f"(R {f['target_R_all']} counting {f['lost_targets']} unextracted) "
                  f"(qualitative parent P {f['qual_P']} R {f['qual_R']}) · "
                  f"verdicts {f['verdict_acc']} of {f['verdicts']} "
                  f"(with not comparable: {f['verdict_all']} of {f['verdicts_all']})")
        errs = counts.get((split, "errors"), {})
        if split == "dev" and errs:
            print("  errors (dev):")
            for e in sorted(errs):
                print("   ", e)
    for u in res["unresolved"]:
        print("  unresolved:", u)


def sweep(rows, docs) -> None:
    dev = [r for r in rows if r["split"] == "dev"]
    print("DEV sweep: match review rho prior top_k -> P khớp, P cần xem, R khớp, R khớp+cần xem, "
          "proposed pairs per parent task")
    for prior_w in (0.03,):
        for rho in (0.75, 0.9):
            for top_k in (2, 3, 5):
                for review in (0.05, 0.07, 0.09):
                    for match in (0.2, 0.24, 0.28):
                        cut = {"match": match, "review": review, "rho": rho, "prior_w": prior_w, "top_k": top_k}
                        res = evaluate(dev, docs, cut)
                        f = figures(res["counts"][("dev", "ALL")])
                        n = sum(len(r.scored.classes) for r in res["pairs"].values())
                        m = sum(len(r.scored.pidx) for r in res["pairs"].values())
                        print(f"  {match} {review} {rho} {prior_w} {top_k}: {f['P_khop']} {f['P_canxem']} "
                              f"{f['R_khop']} {f['R_both']} {n / max(1, m):.2f}")


def main(argv: list[str]) -> int:
    if "-h" in argv or "--help" in argv:  # before anything runs: a reader asking for help sees no test figure
        print(__doc__)
        return 0
    unknown = [a for a in argv if a.startswith("-") and a not in ("--dev", "--sweep")]
    if unknown:
        print(f"eval_align: unknown option {unknown[0]} (--dev, --sweep, --help)", file=sys.stderr)
        return 2
    args = [a for a in argv if not a.startswith("--")]
    paths = [Path(a) for a in args] or [LABELS, LABELS_DEV2, LABELS.parent / "labels_p2c.tsv"]
    rows: list[dict[str, str]] = []
    for p in [PAIRS, ADDED, *paths]:
        if p.exists():
            rows += read_rows(p)
        elif p in paths:
            print(f"{p}: no such label file (only the development pairs of 144/KH-UBND vs 03/NQ-CP are read)")
    docs = load_documents(*{p.parent / "docs" for p in paths})
    if "--sweep" in argv:
        sweep(rows, docs)
        return 0
    if "--dev" in argv:  # tuning never sees a test figure
        rows = [r for r in rows if r["split"] == "dev"]
    t0 = time.perf_counter()
    res = evaluate(rows, docs)
    print(f"labelled rows {len(rows)}, scored in {time.perf_counter() - t0:.1f} s")
    report(res)
    if "--dev" in argv:
        return 0
    n, changes = stability(docs, sorted(res["pairs"]))
    print(f"\nstability: {len(res['pairs'])} document pairs aligned again with {n} unrelated documents in the store: "
          + ("no class, score or verdict changed" if not changes else f"CHANGED: {', '.join(changes)}"))
    return 0


def evaluate_alignment(extractions: dict | None = None, paths: tuple[Path, ...] = (PAIRS,), **cut) -> dict:
    """DEV figures of the first label files (used by tests/test_align.py)."""
    ex = extractions if extractions is not None else load_extractions()
    rows = [r for p in paths for r in read_rows(p)]
    res = evaluate(rows, ex, cut)
    return {"resolved": sum(v for k, v in res["counts"][("dev", "ALL")].items() if k[-2:] in ("_0", "_1")),
            "unresolved": len(res["unresolved"]), **figures(res["counts"][("dev", "ALL")])}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
