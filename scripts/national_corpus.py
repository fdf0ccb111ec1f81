#!/usr/bin/env python3
"""A synthetic national corpus: central, province and commune documents made from the real ones.

    python scripts/national_corpus.py OUT_DIR --n 10000 [--seed 1]

Why synthetic: no public collection holds thousands of commune programmes, and the scale issue
(#15) needs to measure a store of the size a province or central office would hold. Each
document is a real one re-issued for another place: its number, issuer, place names, dates and
target values change, its task bullets are sub-sampled and mixed with bullets of other documents
of the same level, so no two documents are the same text. The citation structure is the real
one: every commune programme cites its province's programme (by that programme's generated
number) and the central resolutions its template cites; every province programme cites the
central resolutions. The central documents are the real ones, one copy each.

Printed on stdout: one JSON line with the counts per level and the total size.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
REAL = ROOT / "corpus" / "real"
PROVINCE_TEMPLATES = ["bacninh_144-KH-UBND_2025-11-24_kinh-te-so-xa-hoi-so_can-cu-57-NQ-TW.md"]
LAOCAI = (ROOT / "tests" / "data" / "real"
          / "laocai_104-CTr-TU_2026-08-30_TinhUy_CTrHD-thuc-hien-75-KL-TW_31-CTr-TW_pdftotext.txt")

# The 34 provinces and cities since 12 June 2025 (Nghị quyết 202/2025/QH15).
PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
SYLLABLES = ["Tân", "An", "Phú", "Hòa", "Bình", "Đông", "Tây", "Thạnh", "Lộc", "Mỹ", "Hưng", "Long", "Phước",
             "Thành", "Trung", "Nam", "Bắc", "Hiệp", "Vĩnh", "Quang", "Minh", "Đức", "Xuân", "Thuận", "Lợi",
             "Sơn", "Hải", "Thủy", "Lâm", "Kim"]
CENTRAL = ["central_57-NQ-TW_2024-12-22_BoChinhTri_KHCN-DMST-CDS.md",
           "central_03-NQ-CP_2025-01-09_ChinhPhu_CTrHD-thuc-hien-57-NQ-TW.md"]
BULLET = re.compile(r"^- .{40,}$", re.M)
PERCENT = re.compile(r"\b(\d{1,2})(\s?%)")


def place_names(rnd: random.Random, n: int) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        names.add(" ".join(rnd.sample(SYLLABLES, 2 if rnd.random() < 0.85 else 3)))
    return sorted(names)


def vary_numbers(text: str, rnd: random.Random) -> str:
    return PERCENT.sub(lambda m: f"{max(1, min(99, int(m.group(1)) + rnd.randint(-5, 5)))}{m.group(2)}", text)


def mix_bullets(text: str, pool: list[str], rnd: random.Random) -> str:
    """Drop about a fifth of the task bullets and put bullets of other documents in their place."""
    def swap(m: re.Match[str]) -> str:
        r = rnd.random()
        if r < 0.12:
            return ""
        if r < 0.22 and pool:
            return rnd.choice(pool)
        return m.group(0)
    return BULLET.sub(swap, text)


def commune_doc(tpl: str, pool: list[str], rnd: random.Random, commune: str, province: str,
                prov_no: int, number: int) -> str:
    text = tpl.replace("Phạm Sự Mạnh", commune).replace("Phạm Sư Mạnh", commune)
    text = text.replace("Hải Phòng", province)
    text = text.replace("17-CTr/TU, ngày 06/3/2026", f"{prov_no}-CTr/TU, ngày {rnd.randint(1, 28)}/3/2026")
    text = mix_bullets(vary_numbers(text, rnd), pool, rnd)
    head = (f"ĐẢNG BỘ PHƯỜNG {commune.upper()}\nSố: {number}-CTr/ĐU\n"
            f"{commune}, ngày {rnd.randint(1, 28)} tháng 4 năm 2026\n")
    return head + text


def province_doc(tpl: str, pool: list[str], rnd: random.Random, province: str, number: int) -> str:
    text = tpl.replace("BẮC NINH", province.upper()).replace("Bắc Ninh", province)
    text = re.sub(r"Số: \d+/KH-UBND", f"Số: {number}/KH-UBND", text, count=1)
    return mix_bullets(vary_numbers(text, rnd), pool, rnd)


def province_programme(rnd: random.Random, pool: list[str], province: str, number: int,
                       centrals: list[str]) -> str:
    """The Party programme every commune of the province cites, short and in the sample's shape."""
    cites = ", ".join(f"Nghị quyết số {c}" for c in centrals)
    day = rnd.randint(1, 28)
    return (f"TỈNH ỦY {province.upper()}\nSố: {number}-CTr/TU\n{province}, ngày {day} tháng 2 năm 2026\n\n"
            "CHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng\n\n"
            f"Thực hiện {cites} của Bộ Chính trị, Ban Chấp hành Đảng bộ tỉnh ban hành Chương trình hành động.\n\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n\n- Cụ thể hóa và tổ chức thực hiện hiệu quả Nghị quyết Đại hội.\n\n"
            "II. NHIỆM VỤ CHỦ YẾU\n\n" + "\n".join(rnd.sample(pool, min(12, len(pool)))) +
            "\n\nIII. TỔ CHỨC THỰC HIỆN\n\n1. Các cấp ủy đảng trực thuộc Tỉnh ủy triển khai thực hiện Chương trình.\n")


def generate(out: Path, n: int, seed: int = 1) -> dict[str, int]:
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    sample = SAMPLE.read_text(encoding="utf-8")
    prov_tpls = [(REAL / t).read_text(encoding="utf-8") for t in PROVINCE_TEMPLATES]
    if LAOCAI.exists():
        prov_tpls.append(LAOCAI.read_text(encoding="utf-8"))
    commune_pool = BULLET.findall(sample)
    prov_pool = [b for t in prov_tpls for b in BULLET.findall(t)] or commune_pool
    counts = {"central": 0, "province": 0, "commune": 0, "bytes": 0}

    def write(name: str, text: str, level: str) -> None:
        path = out / name
        path.write_text(text, encoding="utf-8")
        counts[level] += 1
        counts["bytes"] += path.stat().st_size

    for name in CENTRAL:
        if counts["central"] < n:
            write(name, (REAL / name).read_text(encoding="utf-8"), "central")
    provinces = PROVINCES[: max(1, min(len(PROVINCES), (n - len(CENTRAL)) // 40 or 1))]
    # 200 up: the sample template itself cites its own province's "16 - CTr/TU", which must not be a generated one
    prov_numbers = {p: 200 + i for i, p in enumerate(provinces)}
    for p, no in prov_numbers.items():
        if sum(counts[k] for k in ("central", "province", "commune")) >= n:
            break
        slug = f"{PROVINCES.index(p):02d}"
        text = province_programme(rnd, prov_pool, p, no, ["57-NQ/TW", "68-NQ/TW", "71-NQ/TW"])
        write(f"province_{slug}_{no}-CTr-TU.txt", text, "province")
    total = sum(counts[k] for k in ("central", "province", "commune"))
    i = 0
    per_province = place_names(rnd, max(1, n))
    while total < n:
        p = provinces[i % len(provinces)]
        slug = f"{PROVINCES.index(p):02d}"
        if i % 25 == 0:  # a province plan every 25 documents: provinces issue more than one document
            tpl = prov_tpls[(i // 25) % len(prov_tpls)]
            write(f"province_{slug}_{100 + i}-KH-UBND.md", province_doc(tpl, prov_pool, rnd, p, 100 + i), "province")
        else:
            commune = per_province[i % len(per_province)]
            write(f"commune_{slug}_{i:05d}-CTr-DU.txt",
                  commune_doc(sample, commune_pool, rnd, commune, p, prov_numbers[p], i), "commune")
        i += 1
        total += 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(json.dumps(generate(args.out, args.n, args.seed), ensure_ascii=False))


if __name__ == "__main__":
    main()
