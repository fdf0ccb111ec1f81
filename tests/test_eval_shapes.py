"""scripts/eval_shapes.py: matching by folded text prefix and the per-split report."""

import importlib.util
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("eval_shapes", ROOT / "scripts" / "eval_shapes.py")
ev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ev)


def test_text_match_ignores_marker_case_diacritics_spacing_and_content_label():
    assert ev.fold("Đảng bộ  xã") == ev.fold("dang bo xa") == "dangboxa"
    assert ev._similar("Tham mưu UBND Thành phố", "a) Nhiệm vụ: Tham mưu UBND Thành phố phối hợp") < ev._MATCH
    assert ev._similar("Nhiệm vụ: Tham mưu UBND Thành phố", "Tham mưu UBND Thành phố phối hợp") == 1.0
    assert ev._similar("Tiếp tục lãnh đạo, chỉ đạo", "- Tiếp tục lãnh đạo,  chỉ đạo triển khai") == 1.0
    assert ev.match_texts(["Lãnh đạo công tác", "Lãnh đạo công tác"], ["- Lãnh đạo công tác giải ngân"]) == 1


def test_report_per_split(tmp_path, capsys):
    """One labelled document in dev, the same in test with a wrong count: both are reported apart."""
    for split, total in (("dev", 7), ("test", 14)):
        folder = tmp_path / split
        (folder / "docs").mkdir(parents=True)
        (folder / "labels").mkdir()
        name = "province_HaNoi_308-KH-UBND_excerpt.md"
        shutil.copy(ROOT / "tests" / "data" / "shapes" / name, folder / "docs" / name)
        label = {"file": f"docs/{name}", "split": split, "tasks": {"total": total, "texts": [
            "Nhiệm vụ: Tham mưu UBND Thành phố phối hợp với Bộ Công an rà",
            "Triển khai rà soát, hoàn thiện, chuẩn hóa cơ sở dữ liệu của"]},
            "targets": [], "citations": ["214/NQ-CP", "1229/QĐ-UBND", "99/XX-YY"], "glued_citations": []}
        (folder / "labels" / f"{name}.json").write_text(json.dumps(label, ensure_ascii=False), encoding="utf-8")
    assert ev.main([str(tmp_path / "dev"), str(tmp_path / "test")]) == 0
    out = capsys.readouterr().out
    dev, test = out.split("== test ==")
    assert "task count within ±10%: 1/1" in dev and "task count within ±10%: 0/1" in test
    assert "recall=1.000 (tp=2" in dev
    assert "missed=['99/XX-YY']" in dev
