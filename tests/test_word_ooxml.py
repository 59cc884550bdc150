"""The shared OOXML helpers: names, dates, characters XML forbids, ids in bookmarks, elements."""

from __future__ import annotations

import datetime as _dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from planrev.model.base import ID_PATTERN
from planrev.word.ooxml import (
    MAX_BOOKMARK_NAME,
    W_NS,
    decode_bookmark_id,
    element,
    encode_bookmark_id,
    format_word_date,
    parse_word_date,
    prefixed,
    qn,
    sub_element,
    xml_illegal_characters,
    xml_safe_text,
)


def test_names() -> None:
    assert qn("w:ins") == f"{{{W_NS}}}ins"
    assert prefixed(qn("w:rPrChange")) == "w:rPrChange"
    assert prefixed("{urn:unknown}x") == "x"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-07-26T10:00:00Z", _dt.datetime(2023, 7, 26, 10, tzinfo=_dt.UTC)),
        ("2023-07-26", _dt.datetime(2023, 7, 26, tzinfo=_dt.UTC)),
        ("2023-07-26T10:00:00", _dt.datetime(2023, 7, 26, 10, tzinfo=_dt.UTC)),
        ("2023-07-26T10:00:00.5Z", _dt.datetime(2023, 7, 26, 10, 0, 0, 500000, tzinfo=_dt.UTC)),
        (
            "2023-07-26T10:00:00+09:00",
            _dt.datetime(2023, 7, 26, 10, tzinfo=_dt.timezone(_dt.timedelta(hours=9))),
        ),
        ("2023-02-30T00:00:00Z", None),
        ("昨日", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_word_date(value: str | None, expected: _dt.datetime | None) -> None:
    assert parse_word_date(value) == expected


def test_format_word_date() -> None:
    assert format_word_date(_dt.date(2023, 7, 26)) == "2023-07-26T00:00:00Z"
    moment = _dt.datetime(2023, 7, 26, 18, 30, tzinfo=_dt.timezone(_dt.timedelta(hours=9)))
    assert format_word_date(moment) == "2023-07-26T09:30:00Z"
    assert parse_word_date(format_word_date(moment)) == moment


@given(st.datetimes(min_value=_dt.datetime(1900, 1, 1), timezones=st.just(_dt.UTC)))
def test_dates_round_trip(moment: _dt.datetime) -> None:
    assert parse_word_date(format_word_date(moment)) == moment.replace(microsecond=0)


def test_illegal_characters() -> None:
    assert xml_illegal_characters("計画\t\n") == []
    assert xml_illegal_characters("a\x01b\x0b") == [(1, "\x01"), (3, "\x0b")]
    assert xml_safe_text("a\x01b") == "a\\x01b"
    with pytest.raises(ValueError, match="U\\+0001"):
        xml_safe_text("a\x01b", mode="strict")


@given(st.text())
def test_safe_text_always_makes_well_formed_xml(text: str) -> None:
    node = element("w:t", text=xml_safe_text(text))
    parsed = etree.fromstring(etree.tostring(node))
    # Nothing forbidden survives, and what XML allows comes back unchanged (CR aside: XML
    # parsers turn a literal CR into LF, so a writer must escape it, as lxml does).
    assert (parsed.text or "") == xml_safe_text(text)
    if not xml_illegal_characters(text):
        assert (parsed.text or "") == text


_ids = st.from_regex(re.compile(ID_PATTERN.replace("$", r"\Z")), fullmatch=True).filter(
    lambda value: len(value) <= 200
)


@given(_ids)
def test_bookmark_ids_round_trip(node_id: str) -> None:
    name = encode_bookmark_id(node_id)
    if name is None:
        return
    assert len(name) <= MAX_BOOKMARK_NAME
    assert re.fullmatch(r"_[A-Za-z0-9_]*", name)
    assert decode_bookmark_id(name) == node_id


def test_bookmark_examples() -> None:
    assert encode_bookmark_id("admin-vision-1") == "_pr_admin_hvision_h1"
    assert encode_bookmark_id("a_b.c") == "_pr_a_ub_dc"
    assert encode_bookmark_id("x" * 40) is None
    assert decode_bookmark_id("_Toc123") is None
    assert decode_bookmark_id("_pr_bad_zescape") is None
    assert decode_bookmark_id("_pr_") is None
    with pytest.raises(ValueError, match="not a planrev id"):
        encode_bookmark_id("日本語")


def test_elements() -> None:
    paragraph = element("w:p")
    run = sub_element(sub_element(paragraph, "w:ins", {"w:author": "事務局", "w:id": "1"}), "w:r")
    sub_element(run, "w:t", {"xml:space": "preserve"}, "追加した文")
    xml = etree.tostring(paragraph, encoding="unicode")
    assert xml == (
        f'<w:p xmlns:w="{W_NS}"><w:ins w:author="事務局" w:id="1"><w:r>'
        '<w:t xml:space="preserve">追加した文</w:t></w:r></w:ins></w:p>'
    )
