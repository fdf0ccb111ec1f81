"""The between-runs cache of derived word sets (pipeline/wordcache.py): what comes back from the
file equals what was built, and a second process-start does not build again."""

from pipeline.wordcache import cached


def test_cached_sets_come_back_equal_without_a_rebuild(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "list.txt"
    source.write_text("chỉ tiêu\n", encoding="utf-8")
    module = tmp_path / "rules.py"
    module.write_text("# rules\n", encoding="utf-8")
    value = (frozenset({"chỉ", "tiêu", "mác-xít"}), frozenset(), frozenset({"chỉ tiêu"}), 3)
    builds = []

    def build():
        builds.append(1)
        return value

    assert cached("t", source, str(module), build) == value
    got = cached("t", source, str(module), build)
    assert got == value and all(type(a) is type(b) for a, b in zip(got, value, strict=True))
    assert len(builds) == 1
    assert len(list((tmp_path / "cache" / "vnpolicy").iterdir())) == 1
    module.write_text("# rules changed\n", encoding="utf-8")
    assert cached("t", source, str(module), build) == value and len(builds) == 2
