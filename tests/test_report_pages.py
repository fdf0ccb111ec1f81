"""The published report as pages (#15 item 3): report.html is an index, each document and alignment
has its own self-contained page, and a publish renders only the pages whose inputs changed.

Over the four real documents of test_graph (their alignments computed once there); the store is
filled and aligned as a batch does, then published with the report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html as lhtml
from test_incremental import VERSION, CountingAlign, _commune_variant, _store

from pipeline.records import Extraction

ROOT = Path(__file__).resolve().parents[1]


def _publish(st, out, **kw):
    from pipeline.publish import publish

    publish(st, out, VERSION, **kw)
    return json.loads(st.get_meta("report_rendered"))


def _pages(out: Path) -> list[Path]:
    return [out / "report.html", *sorted((out / "report").rglob("*.html"))]


def _other_commune(ext: Extraction) -> Extraction:
    """The ward sample re-issued by another commune: another text and another issuer, so another document
    (not one more reading of the sample, which the report would show on the sample's page)."""
    new = _commune_variant(ext)
    meta = new.meta.model_copy(update={"issuer": "Đảng ủy xã Tân Phú", "title": f"{new.meta.title} xã Tân Phú"})
    return new.model_copy(update={"meta": meta})


def _tree(p: Path):
    return lhtml.fromstring(p.read_bytes())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from test_graph import corpus

    exts, reps = corpus()
    tmp = tmp_path_factory.mktemp("pages")
    st, _ = _store(tmp / "s.sqlite", exts, reps)
    with st:
        rendered = _publish(st, tmp / "out")
        aligned = [json.loads(j) for j in st.alignment_json()]
    return tmp / "out", exts, aligned, rendered


def test_index_lists_documents_alignments_directives_and_missing_parents(site):
    out, exts, aligned, rendered = site
    index = out / "report.html"
    text = index.read_text(encoding="utf-8")
    assert "57-NQ/TW" in text and len(text) >= 20_000  # the acceptance check's floor
    t = _tree(index)
    docs = t.xpath('//tr[@class="docrow"]')
    assert len(docs) == len(exts)  # four different documents, one row each
    by_label = {r.xpath("string(td[1]/a)"): r for r in docs}
    bn = by_label["Kế hoạch số 144/KH-UBND của Ủy ban nhân dân tỉnh Bắc Ninh"]
    ext = next(e for e in exts if e.meta.number == "144/KH-UBND")
    cells = [c.text_content().strip() for c in bn.xpath("td")]
    assert cells[3] == "144/KH-UBND" and cells[4] == "24/11/2025"
    assert cells[5] == str(len(ext.tasks)) and cells[6] == str(len(ext.targets))
    assert "Tỉnh, thành phố" in cells[1] and cells[2] == "Kế hoạch"
    # one row per alignment, with the counts of its classes
    rows = t.xpath('//tr[@class="alignrow"]')
    assert len(rows) == len(aligned) >= 3
    for a in aligned:
        href = re.compile(rf"report/doi-chieu/.+-{a['child']['sha256'][:10]}~.+-{a['parent']['sha256'][:10]}\.html")
        page = next(r for r in rows if href.fullmatch(r.xpath("td[last()]/a/@href")[0]))
        s = a["stats"]
        assert [c.text_content().strip() for c in page.xpath("td")[2:6]] == \
            [str(s["pairs_match"]), str(s["pairs_review"]), str(s["gaps"]), str(s["upper_level"])]
    # directives with how many documents cite each; 57-NQ/TW links to its own page
    d57 = next(r for r in t.xpath('//tr[@class="dir"]') if r.xpath("string(td[1])").strip() == "57-NQ/TW")
    citing = [e for e in exts if any(x.id == "57-NQ/TW" for x in e.directives)]
    assert d57.xpath("string(td[last()])").strip() == str(len(citing)) and len(citing) >= 2
    assert d57.xpath("td[1]//a/@href")[0].startswith("report/van-ban/57-")
    # parents the documents carry out that are not stored, in plain Vietnamese
    absent = t.xpath('//section[@id="absent"]//li')
    assert absent and all("chưa có trong kho" in li.text_content() for li in absent)
    assert any("71/NQ-CP" in li.text_content() for li in absent)
    assert t.xpath('//input[@id="q"]') and "report.html" in rendered["rendered"]


def test_document_and_alignment_pages_show_their_own_content(site):
    out, exts, aligned, _ = site
    ext = next(e for e in exts if e.meta.number == "144/KH-UBND")
    (page,) = (out / "report" / "van-ban").glob(f"*-{ext.document[:10]}.html")
    t = _tree(page)
    assert t.xpath("string(//h1)") == "Kế hoạch số 144/KH-UBND của Ủy ban nhân dân tỉnh Bắc Ninh"
    assert len(t.xpath('//li[contains(@class, "task")]')) == len(ext.tasks)
    assert len(t.xpath('//tr[contains(@class, "target")]')) == len(ext.targets)
    mine = [a for a in aligned if ext.document in (a["child"]["sha256"], a["parent"]["sha256"])]
    links = t.xpath('//section[@id="its-alignments"]//a/@href')
    assert len(links) == len(mine) == 2 and all(h.startswith("../doi-chieu/") for h in links)
    assert t.xpath('//a[@class="home"]/@href') == ["../../report.html"]
    # the cited 57-NQ/TW is a stored document: its row links to that page
    assert any(h.startswith("57-nq_tw-") for h in t.xpath('//table[contains(@class, "dirs")]//a/@href'))
    # no other document's tasks on this page
    assert "Chính phủ ban hành Chương trình hành động" not in page.read_text(encoding="utf-8")

    # 57-NQ/TW's page lists the documents that cite or carry it out
    (p57,) = (out / "report" / "van-ban").glob("57-nq_tw-*.html")
    citing = _tree(p57).xpath('//section[@id="cited-by"]//a/text()')
    assert "Kế hoạch số 144/KH-UBND của Ủy ban nhân dân tỉnh Bắc Ninh" in citing

    # the alignment page: both documents named and linked, its pairs and gaps
    a = next(a for a in aligned if a["child"]["sha256"] == ext.document and a["parent"]["id"] == "03/NQ-CP")
    ap = next(p for p in (out / "report" / "doi-chieu").glob(f"*-{ext.document[:10]}~03_nq-cp-*.html"))
    ta = _tree(ap)
    assert "144/KH-UBND" in ta.xpath("string(//h1)") and "03/NQ-CP" in ta.xpath("string(//h1)")
    assert len(ta.xpath('//tr[@class="pair"]')) == len(a["pairs"])
    assert len(ta.xpath('//li[@class="gap"]')) == a["stats"]["gaps"]
    ends = set(ta.xpath('//section[@class="align"]//table[@class="kv"]//a/@href'))
    assert page.name in {Path(h).name for h in ends} and len(ends) == 2


def test_every_link_resolves_and_no_page_loads_anything(site):
    out = site[0]
    pages = _pages(out)
    assert len(pages) == 1 + 4 + len(site[2])
    for p in pages:
        text = p.read_text(encoding="utf-8")
        assert not re.findall(r'(?:src|href)\s*=\s*["\'](?:https?:)?//', text), p
        t = _tree(p)
        assert not t.xpath("//script[@src] | //link[@href] | //img[@src] | //iframe"), p
        for href in t.xpath("//a/@href"):
            target, _, frag = href.partition("#")
            if target:
                assert (p.parent / unquote(target)).resolve().is_file(), (p.name, href)
            if frag and not target:
                assert t.xpath(f'//*[@id="{frag}"]'), (p.name, href)


def test_a_new_document_renders_its_pages_the_pages_that_list_it_and_the_index(site, tmp_path):
    from test_graph import corpus

    from pipeline.incremental import update_alignments
    from pipeline.store import Store

    exts, reps = corpus()
    new = _other_commune(next(e for e in exts if e.source["name"].startswith("000_")))
    st, _ = _store(tmp_path / "s.sqlite", exts, reps)
    out = tmp_path / "out"
    with st:
        first = _publish(st, out)
        assert len(first["rendered"]) == len(_pages(out))
        assert _publish(st, out)["rendered"] == []  # nothing changed: nothing rendered (nor written)
        before = {p: p.stat().st_mtime_ns for p in _pages(out)}
        st.put("corpus/xa_moi.txt", 1, 1, VERSION, new)
        counter = CountingAlign(reps)
        update_alignments(st, st.current_shas(), VERSION, align=counter)
        got = _publish(st, out)
    assert counter.calls and all(c == new.document for c, _ in counter.calls)
    ids = {e.meta.id: e.document for e in exts if e.meta.id}
    slugs = {p.stem.rsplit("-", 1)[1]: p.name for p in (out / "report" / "van-ban").glob("*.html")}
    parents = {p for _, p in counter.calls}
    cited = {ids[x.id] for x in new.directives if x.id in ids}
    want = {"report.html", f"report/van-ban/{slugs[new.document[:10]]}",
            *(f"report/van-ban/{slugs[s[:10]]}" for s in parents | cited),
            *(f"report/doi-chieu/{p.name}" for p in (out / "report" / "doi-chieu").glob(f"*-{new.document[:10]}~*"))}
    assert set(got["rendered"]) == want and len(want) >= 4 and got["removed"] == []
    assert len(counter.calls) == len([w for w in want if "doi-chieu" in w])
    # every page not listed was left alone, bytes and time
    for p, t in before.items():
        if str(p.relative_to(out)) not in want:
            assert p.stat().st_mtime_ns == t, p

    # the document goes: its page and its alignments' pages go, the index and its parents' pages follow
    st = Store(tmp_path / "s.sqlite", writer=True)
    with st:
        st.remove_file("corpus/xa_moi.txt")
        gone = _publish(st, out)
    assert set(gone["removed"]) == {w for w in want if new.document[:10] in w}
    assert not list((out / "report").rglob(f"*{new.document[:10]}*"))
    assert "report.html" in gone["rendered"]
    assert new.document[:10] not in (out / "report.html").read_text(encoding="utf-8")


def test_a_language_or_code_change_renders_every_page_again(site, tmp_path):
    from test_graph import corpus

    exts, reps = corpus()
    st, _ = _store(tmp_path / "s.sqlite", exts, reps)
    with st:
        vi = _publish(st, tmp_path / "out")
        en = _publish(st, tmp_path / "out", lang="en")
    assert sorted(en["rendered"]) == sorted(vi["rendered"])
    text = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'lang="en"' in text and "Cited directives" in text


def test_every_page_reads_in_vietnamese(site):
    from test_vietnamese_outputs import html_text, leaks

    for p in _pages(site[0]):
        bad = leaks(html_text(p))
        assert not bad, (p.name, sorted(set(bad))[:20])
