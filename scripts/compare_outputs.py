#!/usr/bin/env python3
"""Compare two published output folders (and their stores): the same links, catalogue and graph?

    python scripts/compare_outputs.py OUT_A OUT_B [--store-a S] [--store-b S]

Made for #15's incremental links table: OUT_A published by one version of vnpolicy, OUT_B by
another over the same corpus. Compares the links table of both stores as a multiset of rows
(src, dst, type, score, method, evidence: its order is the store's business), catalogue.json
(generated_at aside) and its `links` in order, every JSON Lines file, graph.json, graph.graphml
and the CSV tables byte for byte. Prints one line per comparison; exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path

FILES = ("graph.json", "graph.graphml", "tasks.csv", "targets.csv", "directives.csv")


def links_table(store: Path) -> Counter:
    db = sqlite3.connect(store)
    rows = Counter(tuple(r) for r in db.execute("SELECT src, dst, type, score, method, evidence FROM links"))
    db.close()
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--store-a", type=Path)
    ap.add_argument("--store-b", type=Path)
    args = ap.parse_args()
    bad = 0

    def say(what: str, same: bool, detail: str = "") -> None:
        nonlocal bad
        bad += not same
        print(f"{'same' if same else 'DIFFERENT':9} {what} {detail}")

    la = links_table(args.store_a or args.a / "vnpolicy.sqlite")
    lb = links_table(args.store_b or args.b / "vnpolicy.sqlite")
    say("links table rows", la == lb, f"({sum(la.values())} / {sum(lb.values())} rows; "
        f"{sum((la - lb).values())} only in A, {sum((lb - la).values())} only in B)")
    ca = json.loads((args.a / "catalogue.json").read_text(encoding="utf-8"))
    cb = json.loads((args.b / "catalogue.json").read_text(encoding="utf-8"))
    say("catalogue.json links, in order", ca["links"] == cb["links"], f"({len(ca['links'])} / {len(cb['links'])})")
    suspect = sum(1 for lk in ca["links"] if lk["suspect"])
    same = suspect == sum(1 for lk in cb["links"] if lk["suspect"])
    say("catalogue.json links flagged suspect", same, f"({suspect})")
    for c in (ca, cb):
        c.pop("generated_at", None)
    say("catalogue.json whole (generated_at aside)", ca == cb)
    for p in sorted(args.a.glob("*.jsonl")):
        say(p.name, p.read_bytes() == (args.b / p.name).read_bytes())
    for name in FILES:
        pa, pb = args.a / name, args.b / name
        say(name, pa.is_file() and pb.is_file() and pa.read_bytes() == pb.read_bytes())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
