"""Property tests: a valid citation dropped into random Vietnamese text is found at its span;
random text without one yields nothing."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cite import find_in_text, load_registry

REG = load_registry()
# Vietnamese words with no digits and no part of a kind word, congress or alias phrase, nor two that make
# one ("giao thông" and "tư nhân" gave "thông tư", whose span rightly starts at the kind word)
_WORDS = ("phát triển kinh tế xã hội nhân dân tăng cường lãnh đạo đảng viên cán bộ tổ chức thực hiện "
         "hiệu quả nâng cao chất lượng đời sống văn hóa giáo dục y tế môi trường bảo vệ an ninh quốc phòng "
         "phường thành phố tỉnh Hải Phòng Lào Cai trong giai đoạn tiếp tục đẩy mạnh xây dựng chính quyền "
         "minh bạch vững mạnh toàn diện cơ sở hạ tầng giao thông nông nghiệp doanh nghiệp khu vực "
         "và của với cho các những được đã sẽ rất mới bền vững xanh sạch đẹp")
WORDS = _WORDS.split()
PARTY_KINDS = sorted(REG.party_kinds)
PARTY_ISSUERS = sorted(REG.party_issuers)
STATE_KINDS = sorted(set(REG.state_kinds) - {"L"})
STATE_ISSUERS = sorted(REG.state_issuers)

words = st.lists(st.sampled_from(WORDS), min_size=0, max_size=30)
number = st.integers(min_value=1, max_value=9999).map(str) | st.integers(1, 9).map(lambda n: f"0{n}")
party = st.builds(lambda n, k, i: f"{n}-{k}/{i}", number, st.sampled_from(PARTY_KINDS), st.sampled_from(PARTY_ISSUERS))
state = st.builds(lambda n, y, k, i: f"{n}/{y}{k}-{i}", number, st.sampled_from(["", "2020/", "2025/"]),
                  st.sampled_from(STATE_KINDS), st.sampled_from(STATE_ISSUERS))


@settings(max_examples=300, deadline=None)
@given(before=words, after=words, code=party | state)
def test_inserted_citation_is_found_at_its_span(before, after, code):
    head = " ".join(before) + (" " if before else "")
    text = head + code + (" " if after else "") + " ".join(after)
    hits = [h for h in find_in_text(text, registry=REG) if h.id]
    assert [h.id for h in hits] == [code]
    assert (hits[0].start, hits[0].end) == (len(head), len(head) + len(code))


@settings(max_examples=200, deadline=None)
@given(before=words, after=words, code=party)
def test_nfd_text_gives_the_same_citation(before, after, code):
    text = unicodedata.normalize("NFD", " ".join([*before, code, *after]))
    hits = [h for h in find_in_text(text, registry=REG) if h.id]
    assert [h.id for h in hits] == [unicodedata.normalize("NFC", code)]
    assert unicodedata.normalize("NFC", text[hits[0].start:hits[0].end]) == unicodedata.normalize("NFC", code)


@settings(max_examples=300, deadline=None)
@given(text=words.map(" ".join), extra=st.lists(st.sampled_from([",", ".", " - ", "/", " 2025", " 20/8/2025"])))
def test_random_text_has_no_citation(text, extra):
    assert find_in_text(text + "".join(extra), registry=REG) == []
