"""What a sheet's 対応 and 番号 cells mean: dispositions and opinion numbers.

A 対応 cell maps onto a :class:`~planrev.model.Disposition` only when its wording says one thing:
the six dispositions as planrev writes them, their plain variants (反映します, 記載済, 一部修正 …)
and the stock phrases of public-comment tables (「ご意見を踏まえ修正します」 → 反映,
「既に記載しています」 → 記載済み). Wordings that could mean two things (「参考とします」,
「その他」, 「検討中」, letters of a legend such as A/B/C) are not guessed: the caller reports them,
and ``--disposition A=反映`` states what they mean.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from planrev.importers.sheets.columns import comparable
from planrev.model import Disposition

__all__ = ["DISPOSITION_WORDINGS", "disposition_key", "number_id", "read_disposition"]

DISPOSITION_WORDINGS: dict[Disposition, tuple[str, ...]] = {
    Disposition.REFLECTED: (
        "反映",
        "反映する",
        "反映します",
        "反映しました",
        "反映済",
        "反映済み",
        "修正",
        "修正する",
        "修正します",
        "修正しました",
        "ご意見を反映します",
        "ご意見を反映しました",
        "ご意見を踏まえ修正します",
        "ご意見を踏まえて修正します",
        "ご意見を踏まえ修正しました",
        "ご意見を踏まえて修正しました",
        "ご意見を踏まえ素案を修正します",
        "ご意見を踏まえて素案を修正します",
    ),
    Disposition.PARTLY: (
        "一部反映",
        "一部反映する",
        "一部反映します",
        "一部反映しました",
        "一部修正",
        "一部修正します",
        "一部修正しました",
        "ご意見の一部を反映します",
        "ご意見の一部を反映しました",
        "ご意見を踏まえ一部修正します",
        "ご意見を踏まえて一部修正します",
    ),
    Disposition.NOT_REFLECTED: (
        "反映しない",
        "反映しません",
        "反映なし",
        "不反映",
        "修正しない",
        "修正しません",
        "修正なし",
        "原案のとおり",
        "原案どおり",
        "原案のとおりとします",
        "原案どおりとします",
    ),
    Disposition.COVERED: (
        "記載済み",
        "記載済",
        "記載済みです",
        "既に記載",
        "既に記載済み",
        "既に記載しています",
        "既記載",
        "記載あり",
        "盛り込み済み",
        "既に盛り込み済み",
        "既に盛り込まれています",
        "ご意見の趣旨は既に盛り込まれています",
        "ご意見の趣旨は既に記載しています",
        "ご意見の趣旨は素案に記載しています",
        "素案に記載済みです",
    ),
    Disposition.LATER: (
        "今後検討",
        "今後の検討",
        "今後検討します",
        "今後の検討課題",
        "今後の検討課題とします",
        "実施計画で検討",
        "アクションプランで検討",
        "アクションプランで検討します",
    ),
    Disposition.UNDECIDED: ("未定",),
}
"""The wordings of a 対応 cell that mean each disposition (compared by :func:`disposition_key`)."""

_TRAILING = re.compile(r"[。.、,]+$")


def disposition_key(text: str) -> str:
    """Return a 対応 cell's wording as it is compared: no spaces, commas or final 。, ご for 御."""
    key = comparable(text).replace("御意見", "ご意見")
    return _TRAILING.sub("", key.replace("、", "").replace(",", ""))


_KNOWN = {
    disposition_key(wording): disposition
    for disposition, wordings in DISPOSITION_WORDINGS.items()
    for wording in wordings
}


def read_disposition(
    text: str, extra: Mapping[str, Disposition] | None = None
) -> Disposition | None:
    """Return the disposition a 対応 cell states, or None if its wording is not unambiguous.

    ``extra`` maps further wordings (as :func:`disposition_key` makes them) to dispositions,
    ahead of the known ones. An empty cell is :attr:`Disposition.UNDECIDED`.
    """
    key = disposition_key(text)
    if not key:
        return Disposition.UNDECIDED
    if extra and key in extra:
        return extra[key]
    return _KNOWN.get(key)


_CIRCLED = {chr(0x2460 + n): str(n + 1) for n in range(20)}
_NUMBER = re.compile(r"^(?:no\.?|#)?\s*[(\[]?(?P<number>[0-9]+(?:[-.][0-9]+)*)[)\]]?\.?$")


def number_id(text: str) -> str | None:
    """Return an opinion number as a piece of an id (①, (1), １, No.1 → ``1``; 2-1 → ``2-1``).

    Returns None when the cell is not such a number (ア, ※, empty).
    """
    plain = "".join(_CIRCLED.get(char, char) for char in text.strip())
    plain = unicodedata.normalize("NFKC", plain).casefold().replace(" ", "")
    if "-" in plain:  # 2-(1) is 2-1
        plain = plain.replace("(", "").replace(")", "")
    match = _NUMBER.match(plain)
    if match is None:
        return None
    return "-".join(str(int(part)) for part in re.split(r"[-.]", match.group("number")))
