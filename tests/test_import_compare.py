"""Two versions of a plain plan, imported separately, compare into the revision between them."""

from __future__ import annotations

from planrev.comparison import compare, redline
from planrev.comparison.apply import apply
from planrev.importers import import_plain

OLD = """# 青森県DX推進プラン

第1章　行政経営

１　住民の利便性の向上

いつでも、どこでも、必要な行政サービスを受けることができる。

- 行政手続きのオンライン化の推進
- 公金収納のキャッシュレス化の推進

２　情報セキュリティ対策

県民が安心して行政サービスを利用できる環境が整備されている。

- 県の情報セキュリティポリシーに基づく監査の実施
- 旧システムの段階的な廃止
"""

NEW = """# 青森県DX推進プラン

第1章　行政経営

１　住民の利便性の向上

いつでも、どこでも、必要な行政サービスを短時間で受けることができる。

- 行政手続きのオンライン化の推進
- 公金収納のキャッシュレス化の推進

２　情報セキュリティ対策

県民が安心して行政サービスを利用できる環境が整備されている。

- 県の情報セキュリティポリシーに基づく監査の実施

３　質の高い自治体運営

- データに基づく施策立案
"""


def test_two_plain_versions_compare_into_their_revision() -> None:
    old = import_plain(OLD, meeting=1).plan
    new = import_plain(NEW, meeting=2).plan
    comparison = compare(old, new)
    summary = [(change.label, change.node_type) for change in comparison.changes]
    # 第1章 is the pillar level, １ the field level (levels follow the order of first use).
    assert summary == [("追加", "statement"), ("削除", "statement"), ("追加", "field")]
    reworded = comparison.changes[0]
    assert reworded.old_id is not None  # the ids differ (they hash the text) but the node pairs
    assert redline(reworded.diffs[0].spans) == (
        "いつでも、どこでも、必要な行政サービスを{+短時間で+}受けることができる。"
    )
    deleted = comparison.changes[1]
    assert deleted.old_node is not None
    assert getattr(deleted.old_node, "text", None) == "旧システムの段階的な廃止"
    assert apply(old, comparison) == new


def test_the_same_plain_plan_twice_compares_empty() -> None:
    first = import_plain(OLD, meeting=1).plan
    second = import_plain(OLD, meeting=1).plan
    assert compare(first, second).changes == ()
