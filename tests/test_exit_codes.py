"""Every exit code of the README table, through `pipeline.cli.main` in-process.

A configuration error (missing registry) stops a run with one line and code 11 and leaves no
file stored as failed; once fixed, the next run processes every file. Errors of the machine
(missing tool) are stored apart and retried; failed files are retried when the tool set changes.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from pipeline import batch, errors
from pipeline.batch import run_batch
from pipeline.cli import main
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"
REGISTRY = ROOT / "pipeline" / "data" / "registry"


def _corpus(d: Path, bad: bool = False) -> Path:
    d.mkdir(parents=True)
    shutil.copy(SAMPLE, d / "a.txt")
    (d / "b.txt").write_text(SAMPLE.read_text(encoding="utf-8").replace("2026", "2027"), encoding="utf-8")
    if bad:
        (d / "empty.txt").write_bytes(b"")
    return d


def _call(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _rows(store: Path) -> dict[str, str]:
    with sqlite3.connect(store) as db:
        return dict(db.execute("SELECT path, status FROM files"))


def test_codes_are_distinct_per_class():
    classes = [errors.IngestError, errors.EmptyDocument, errors.UnsupportedFormat, errors.CorruptDocument,
               errors.EncryptedDocument, errors.LegacyDocFormat, errors.TooLarge, errors.MissingTool,
               errors.RegistryError, errors.StoreError, errors.NotFound]
    codes = [c.exit_code for c in classes]
    assert codes == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15]


def test_ok_failed_and_usage(capsys, tmp_path):
    corpus = _corpus(tmp_path / "c", bad=True)
    code, out, _ = _call(capsys, "extract", corpus / "a.txt")
    assert code == 0 and len(json.loads(out)["tasks"]) == 65
    code, _, err = _call(capsys, "run", corpus, "--out", tmp_path / "o", "--no-report", "-j", "1")
    assert code == 1 and "failed: " in err and "empty.txt" in err
    assert _call(capsys, "run")[0] == 2  # no input
    assert _call(capsys, "no-such-command")[0] == 2
    assert _call(capsys, "run", tmp_path / "nowhere", "--out", tmp_path / "o")[0] == 2


def test_missing_registry_stops_the_run_and_caches_nothing(capsys, tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "c")
    out, store = tmp_path / "o", tmp_path / "o" / "vnpolicy.sqlite"
    monkeypatch.delenv("VNPOLICY_REGISTRY", raising=False)
    for broken in (tmp_path / "missing", tmp_path):  # no folder; a folder without codes.json
        code, _, err = _call(capsys, "--registry", broken, "run", corpus, "--out", out, "-j", "1")
        assert code == 11 and "registry" in _one_line(err) and str(broken) in err
        assert not out.exists()  # nothing written, so nothing cached as the files' fault
    monkeypatch.setenv("VNPOLICY_REGISTRY", str(tmp_path / "missing"))  # the environment route too
    code, _, err = _call(capsys, "run", corpus, "--out", out, "-j", "1")
    assert code == 11 and "VNPOLICY_REGISTRY" in _one_line(err)
    monkeypatch.delenv("VNPOLICY_REGISTRY")
    code, _, err = _call(capsys, "run", corpus, "--out", out, "-j", "1", "--no-report")
    assert code == 0 and "2 ok, 0 skipped" in err, err
    assert _rows(store) == {str(corpus / "a.txt"): "ok", str(corpus / "b.txt"): "ok"}


def test_registry_is_part_of_the_version(tmp_path, monkeypatch):
    monkeypatch.delenv("VNPOLICY_REGISTRY", raising=False)
    base = batch.pipeline_version()
    mine = tmp_path / "reg"
    shutil.copytree(REGISTRY, mine)
    monkeypatch.setenv("VNPOLICY_REGISTRY", str(mine))
    assert batch.pipeline_version() == base  # same content, same version
    (mine / "directives.json").write_text((REGISTRY / "directives.json").read_text(encoding="utf-8")
                                          .replace("2021-10-25", "2021-10-26"), encoding="utf-8")
    assert batch.pipeline_version() != base


def test_glue_dictionary_is_part_of_the_version(tmp_path, monkeypatch):
    """The glue repair splits runs by underthesea's Viet74K list: another list, another version."""
    import importlib.util
    from importlib.machinery import ModuleSpec

    monkeypatch.delenv("VNPOLICY_REGISTRY", raising=False)
    base = batch.pipeline_version()
    pkg = tmp_path / "underthesea"
    (pkg / "corpus" / "data").mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    words = pkg / "corpus" / "data" / "Viet74K.txt"
    words.write_text("a\nb\n", encoding="utf-8")
    real = importlib.util.find_spec
    fake = ModuleSpec("underthesea", None, origin=str(pkg / "__init__.py"))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: fake if name == "underthesea" else real(name, *a))
    one = batch.pipeline_version()
    words.write_text("a\nb\nc\n", encoding="utf-8")
    two = batch.pipeline_version()
    assert len({base, one, two}) == 3


def test_missing_tool_is_exit_10_and_retried_not_cached(capsys, tmp_path, monkeypatch):
    from pipeline.ingest import ocr

    scan = ROOT / "corpus" / "000_a9ef7522b32975cc_scan.pdf"
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    ocr.tesseract.cache_clear()
    try:
        code, _, err = _call(capsys, "extract", scan)
        assert code == 10 and "tesseract" in _one_line(err) and scan.name in err
    finally:
        ocr.tesseract.cache_clear()


def test_environment_error_is_stored_apart_and_retried(tmp_path, monkeypatch):
    import pipeline.extract

    corpus = _corpus(tmp_path / "c")
    real = pipeline.extract.extract_document

    def no_tool(doc):
        raise errors.MissingTool("tesseract is not installed")

    with Store(tmp_path / "s.sqlite") as st:
        monkeypatch.setattr(pipeline.extract, "extract_document", no_tool)
        r1 = run_batch([corpus / "a.txt"], st, workers=1, timeout=0)
        assert [r.status for r in r1.results] == ["failed"]
        assert st.files()[str(corpus / "a.txt")]["status"] == batch.ERROR
        monkeypatch.setattr(pipeline.extract, "extract_document", real)
        r2 = run_batch([corpus / "a.txt"], st, workers=1, timeout=0)  # same version: retried anyway
        assert [r.status for r in r2.results] == ["ok"]


def test_failed_files_retried_on_new_tools_or_on_request(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "c", bad=True)
    with Store(tmp_path / "s.sqlite") as st:
        assert run_batch([corpus], st, workers=1).count("failed") == 1
        again = run_batch([corpus], st, workers=1)
        assert again.count("failed") == 1 and not again.changed  # bad input stays failed, not re-read
        assert run_batch([corpus], st, workers=1, retry_failed=True).changed
        assert not run_batch([corpus], st, workers=1).changed
        monkeypatch.setattr(batch, "tool_set", lambda: "tesseract,soffice,a-new-tool")
        assert run_batch([corpus], st, workers=1).changed


def test_store_missing_or_foreign_is_exit_12(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for cmd in (["status"], ["trace", "57-NQ/TW"], ["search", "số"], ["show", "x"], ["report", "all"],
                ["export", "--xlsx"], ["align", "x"]):
        code, _, err = _call(capsys, *cmd, "--store", "typo/dir/s.sqlite")
        assert code == 12 and "typo/dir/s.sqlite" in _one_line(err), (cmd, err)
    assert list(tmp_path.iterdir()) == []  # no folder, no database left behind
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE t(x)")
    code, _, err = _call(capsys, "status", "--store", foreign)
    assert code == 12 and "not a vnpolicy store" in _one_line(err)
    (tmp_path / "text.sqlite").write_text("not sqlite " * 100)
    assert _call(capsys, "search", "x", "--store", tmp_path / "text.sqlite")[0] == 12


def test_not_found_is_exit_15(capsys, tmp_path):
    corpus = _corpus(tmp_path / "c")
    out = tmp_path / "o"
    assert _call(capsys, "run", corpus, "--out", out, "--no-report", "-j", "1")[0] == 0
    store = out / "vnpolicy.sqlite"
    assert _call(capsys, "show", "57-NQ/TW", "--store", store)[0] == 0
    bad = b"\xff57-NQ/TW".decode("utf-8", "surrogateescape")  # bytes a shell passes through, not UTF-8
    for cmd in (["show", "999-XX/YY"], ["trace", "999-XX/YY"], ["align", "nothing-like-this"],
                ["report", "nothing-like-this", "--out", tmp_path / "r.html"], ["trace", bad], ["show", bad],
                ["align", bad], ["align", "57-NQ/TW", "--parent", bad], ["report", bad, "--out", tmp_path / "r.html"]):
        code, _, err = _call(capsys, *cmd, "--store", store)
        assert code == 15 and _one_line(err).startswith("error: "), (cmd, err)
    code, _, err = _call(capsys, "status", corpus, "--store", store)
    assert code == 0 and "2 đã đọc" in err


def test_registry_option_is_read(capsys, tmp_path, monkeypatch):
    """--registry DIR is the registry the extraction uses: a directive it does not list is unknown."""
    monkeypatch.delenv("VNPOLICY_REGISTRY", raising=False)
    mine = tmp_path / "reg"
    shutil.copytree(REGISTRY, mine)
    data = json.loads((REGISTRY / "directives.json").read_text(encoding="utf-8"))
    data["directives"] = [d for d in data["directives"] if d["id"] != "21-KL/TW"]
    (mine / "directives.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def known(*opts: object) -> bool:
        code, out, _ = _call(capsys, *opts, "extract", SAMPLE)
        assert code == 0
        return next(d["known"] for d in json.loads(out)["directives"] if d["id"] == "21-KL/TW")

    assert known()
    assert not known("--registry", mine)
    assert known()  # the option lasts one command


def test_result_code_is_part_of_the_version(tmp_path):
    """A release whose segmenter or aligner changed re-reads every file, even with the same version number."""
    src = Path(batch.__file__).parent
    root = tmp_path / "pipeline"
    for name in batch._RESULT_CODE:  # every name there exists: a typo would leave code out of the version
        assert (src / name).exists(), name
        if (src / name).is_dir():
            shutil.copytree(src / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            root.mkdir(exist_ok=True)
            shutil.copy(src / name, root / name)
    assert batch._code_digest(root) == batch._code_digest(src)
    items = root / "segment" / "items.py"
    items.write_text(items.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    batch._code_digest.cache_clear()
    assert batch._code_digest(root) != batch._code_digest(src)
