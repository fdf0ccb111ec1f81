"""Build pipeline/data/align_background.tsv: how common each term is in programme prose.

    python scripts/build_align_background.py
    python scripts/build_align_background.py --recount TERM ...   # only these rows, the rest kept

Built once from the documents below (their sources are in corpus/real/SOURCES.tsv and
tests/data/real/SOURCES.tsv) and shipped, versioned, with the package: alignment uses it to tell
a term that says what a task is about from the words every programme uses ("cán bộ", "đối với",
"hoạt động"), without depending on what the store holds today. Rebuild it only on purpose, and
bump VERSION when you do (the alignment method string carries it).

--recount counts only the given terms (a concept term whose variants changed, "~phủ_sóng") and keeps
every other row and the text count: a full rebuild on today's segmentation reads 954 texts where v1 read
755, so every term's share drops and weak pairs of the sample ward programme cross the review cut-off
(its one gap against 57-NQ/TW goes); such a rebuild needs its cut-offs recalibrated with it.
v2 = v1 with ~viễn_thông, ~phủ_sóng, ~băng_rộng, ~quản_lý_nhà_nước, ~môi_trường_số, ~thiên_tai recounted.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VERSION = 2
SOURCES = [
    "corpus/000_a9ef7522b32975cc.txt",
    "corpus/real/central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md",
    "corpus/real/central_03-NQ-CP_2025-01-09_ChinhPhu_CTrHD-thuc-hien-57-NQ-TW.md",
    "corpus/real/bacninh_144-KH-UBND_2025-11-24_kinh-te-so-xa-hoi-so_can-cu-57-NQ-TW.md",
    "tests/data/real/laocai_104-CTr-TU_2026-08-30_TinhUy_CTrHD-thuc-hien-75-KL-TW_31-CTr-TW_pdftotext.txt",
    "tests/data/real/laocai_KH-UBND_2026_trien-khai-11-CT-TU-khoang-san_draft-unnumbered.docx",
    "tests/data/real/quangninh_HD-MTTQ-BTT_2025-11_huong-dan-hiep-thuong_draft.docx",
    "tests/data/real/commune_luongminh-QN_16-KH-MTTQ-BTT_2025-11-18_KH-cong-tac-bau-cu.docx",
]
MIN_DF = 3  # rarer terms are not common anyway: left out to keep the file small
OUT = ROOT / "pipeline" / "data" / "align_background.tsv"


def main(argv: list[str]) -> int:
    recount = argv[argv.index("--recount") + 1:] if "--recount" in argv else []
    from pipeline.align.text import normalize, terms
    from pipeline.extract import extract_file

    texts: set[str] = set()
    for f in SOURCES:
        e = extract_file(ROOT / f)
        texts |= {normalize(t.text) for t in e.tasks} | {normalize(t.text) for t in e.targets}
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(terms(t)))
    if recount:
        return _recount(df, recount)
    lines = [f"# version\t{VERSION}", f"# texts\t{len(texts)}",
             "# built by scripts/build_align_background.py from the tasks and targets of: " + ", ".join(SOURCES),
             "# term<TAB>document frequency (texts that carry the term)"]
    lines += [f"{t}\t{c}" for t, c in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])) if c >= MIN_DF]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(lines) - 4} terms from {len(texts)} texts")
    return 0


def _recount(df: Counter[str], recount: list[str]) -> int:
    """Rewrite the rows of `recount` in the shipped file, every other row and the header as they are."""
    old = OUT.read_text(encoding="utf-8").splitlines()
    keep = [ln for ln in old if ln.startswith("#") or ln.split("\t")[0] not in recount]
    keep = [f"# version\t{VERSION}" if ln.startswith("# version\t") else ln for ln in keep]
    keep += [f"{t}\t{df[t]}" for t in recount if df[t] >= MIN_DF]
    OUT.write_text("\n".join(keep) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(recount)} terms recounted")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
