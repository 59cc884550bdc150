# ruff: noqa: RUF001  (the table maps look-alike code points on purpose)
"""Code points that PDF producers write for a CJK glyph in place of the character it shows.

A PDF maps each glyph back to text through its ToUnicode table, one code point per glyph. When a
font draws several code points with one glyph — 行 and the Kangxi radical ⾏, 青 and the radical ⻘,
the katakana middle dot ・ and the hyphenation point ‧, the ideographic space and the em space —
some producers (Chromium's Skia among them) write the lowest code point, so the text of
"行政経営" comes back as "⾏政経営". These code points do not occur in Japanese plan text; the
table maps them to the character the glyph shows. It was made from the glyph sharing of Noto Sans
CJK JP (the code points in the CJK and Kangxi radical blocks, and four punctuation and space
characters, that share a glyph with a CJK character).
"""

from __future__ import annotations

__all__ = ["PRODUCER_CODE_POINTS", "repair"]

# fmt: off
PRODUCER_CODE_POINTS: dict[int, str] = str.maketrans({
    "\u2003": "　", "\u2027": "・", "\u2329": "〈", "\u232a": "〉", "\u2e82": "乛", "\u2e83": "乚",
    "\u2e85": "亻", "\u2e87": "𠘨", "\u2e89": "刂", "\u2e8b": "㔾", "\u2e8d": "𭕄", "\u2e8e": "兀",
    "\u2e8f": "尣", "\u2e90": "尢", "\u2e92": "巳", "\u2e93": "幺", "\u2e94": "彑", "\u2e96": "忄",
    "\u2e98": "扌", "\u2e99": "攵", "\u2e9b": "旡", "\u2e9e": "歺", "\u2e9f": "母", "\u2ea0": "民",
    "\u2ea1": "氵", "\u2ea3": "灬", "\u2ea4": "爫", "\u2ea6": "丬", "\u2ea8": "犭", "\u2ea9": "𤣩",
    "\u2eab": "罒", "\u2ead": "礻", "\u2eae": "𥫗", "\u2eaf": "糹", "\u2eb0": "纟", "\u2eb1": "罓",
    "\u2eb9": "耂", "\u2eba": "肀", "\u2ebd": "𦥑", "\u2ebe": "艹", "\u2ebf": "艹", "\u2ec0": "艹",
    "\u2ec2": "衤", "\u2ec3": "覀", "\u2ec4": "西", "\u2ec5": "见", "\u2ec7": "𧢲", "\u2ec8": "讠",
    "\u2ec9": "贝", "\u2eca": "𧾷", "\u2ecb": "车", "\u2ecc": "辶", "\u2ecd": "辶", "\u2ed0": "钅",
    "\u2ed1": "長", "\u2ed2": "镸", "\u2ed3": "长", "\u2ed5": "𨸏", "\u2ed6": "阝", "\u2ed8": "青",
    "\u2ed9": "韦", "\u2eda": "页", "\u2edb": "风", "\u2edc": "飞", "\u2ede": "𩙿", "\u2edf": "飠",
    "\u2ee0": "饣", "\u2ee1": "𩠐", "\u2ee2": "马", "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2ee7": "卤",
    "\u2ee8": "麦", "\u2ee9": "黄", "\u2eea": "黾", "\u2eeb": "斉", "\u2eec": "齐", "\u2eed": "歯",
    "\u2eee": "齿", "\u2eef": "竜", "\u2ef0": "龙", "\u2ef2": "亀", "\u2ef3": "龟", "\u2f00": "一",
    "\u2f01": "丨", "\u2f02": "丶", "\u2f03": "丿", "\u2f04": "乙", "\u2f05": "亅", "\u2f06": "二",
    "\u2f07": "亠", "\u2f08": "人", "\u2f09": "儿", "\u2f0a": "入", "\u2f0b": "八", "\u2f0c": "冂",
    "\u2f0d": "冖", "\u2f0e": "冫", "\u2f0f": "几", "\u2f10": "凵", "\u2f11": "刀", "\u2f12": "力",
    "\u2f13": "勹", "\u2f14": "匕", "\u2f15": "匚", "\u2f16": "匸", "\u2f17": "十", "\u2f18": "卜",
    "\u2f19": "卩", "\u2f1a": "厂", "\u2f1b": "厶", "\u2f1c": "又", "\u2f1d": "口", "\u2f1e": "囗",
    "\u2f1f": "土", "\u2f20": "士", "\u2f21": "夂", "\u2f22": "夊", "\u2f23": "夕", "\u2f24": "大",
    "\u2f25": "女", "\u2f26": "子", "\u2f27": "宀", "\u2f28": "寸", "\u2f29": "小", "\u2f2b": "尸",
    "\u2f2c": "屮", "\u2f2d": "山", "\u2f2e": "巛", "\u2f2f": "工", "\u2f30": "己", "\u2f31": "巾",
    "\u2f32": "干", "\u2f34": "广", "\u2f35": "廴", "\u2f36": "廾", "\u2f37": "弋", "\u2f38": "弓",
    "\u2f39": "彐", "\u2f3a": "彡", "\u2f3b": "彳", "\u2f3c": "心", "\u2f3d": "戈", "\u2f3e": "戸",
    "\u2f3f": "手", "\u2f40": "支", "\u2f41": "攴", "\u2f42": "文", "\u2f43": "斗", "\u2f44": "斤",
    "\u2f45": "方", "\u2f46": "无", "\u2f47": "日", "\u2f48": "曰", "\u2f49": "月", "\u2f4a": "木",
    "\u2f4b": "欠", "\u2f4c": "止", "\u2f4d": "歹", "\u2f4e": "殳", "\u2f4f": "毋", "\u2f50": "比",
    "\u2f51": "毛", "\u2f52": "氏", "\u2f53": "气", "\u2f54": "水", "\u2f55": "火", "\u2f56": "爪",
    "\u2f57": "父", "\u2f58": "爻", "\u2f59": "爿", "\u2f5a": "片", "\u2f5b": "牙", "\u2f5c": "牛",
    "\u2f5d": "犬", "\u2f5e": "玄", "\u2f5f": "玉", "\u2f60": "瓜", "\u2f61": "瓦", "\u2f62": "甘",
    "\u2f63": "生", "\u2f64": "用", "\u2f65": "田", "\u2f66": "疋", "\u2f67": "疒", "\u2f68": "癶",
    "\u2f69": "白", "\u2f6a": "皮", "\u2f6b": "皿", "\u2f6c": "目", "\u2f6d": "矛", "\u2f6e": "矢",
    "\u2f6f": "石", "\u2f70": "示", "\u2f71": "禸", "\u2f72": "禾", "\u2f73": "穴", "\u2f74": "立",
    "\u2f75": "竹", "\u2f76": "米", "\u2f77": "糸", "\u2f78": "缶", "\u2f79": "网", "\u2f7a": "羊",
    "\u2f7b": "羽", "\u2f7c": "老", "\u2f7d": "而", "\u2f7e": "耒", "\u2f7f": "耳", "\u2f80": "聿",
    "\u2f81": "肉", "\u2f82": "臣", "\u2f83": "自", "\u2f84": "至", "\u2f85": "臼", "\u2f86": "舌",
    "\u2f87": "舛", "\u2f88": "舟", "\u2f89": "艮", "\u2f8a": "色", "\u2f8b": "艸", "\u2f8c": "虍",
    "\u2f8d": "虫", "\u2f8e": "血", "\u2f8f": "行", "\u2f90": "衣", "\u2f91": "襾", "\u2f92": "見",
    "\u2f93": "角", "\u2f94": "言", "\u2f95": "谷", "\u2f96": "豆", "\u2f97": "豕", "\u2f98": "豸",
    "\u2f99": "貝", "\u2f9a": "赤", "\u2f9b": "走", "\u2f9c": "足", "\u2f9d": "身", "\u2f9e": "車",
    "\u2f9f": "辛", "\u2fa0": "辰", "\u2fa1": "辵", "\u2fa2": "邑", "\u2fa3": "酉", "\u2fa4": "釆",
    "\u2fa5": "里", "\u2fa6": "金", "\u2fa8": "門", "\u2fa9": "阜", "\u2faa": "隶", "\u2fab": "隹",
    "\u2fac": "雨", "\u2fad": "靑", "\u2fae": "非", "\u2faf": "面", "\u2fb0": "革", "\u2fb1": "韋",
    "\u2fb2": "韭", "\u2fb3": "音", "\u2fb4": "頁", "\u2fb5": "風", "\u2fb6": "飛", "\u2fb7": "食",
    "\u2fb8": "首", "\u2fb9": "香", "\u2fba": "馬", "\u2fbb": "骨", "\u2fbc": "高", "\u2fbd": "髟",
    "\u2fbe": "鬥", "\u2fbf": "鬯", "\u2fc0": "鬲", "\u2fc1": "鬼", "\u2fc2": "魚", "\u2fc3": "鳥",
    "\u2fc4": "鹵", "\u2fc5": "鹿", "\u2fc6": "麥", "\u2fc7": "麻", "\u2fc8": "黃", "\u2fc9": "黍",
    "\u2fca": "黑", "\u2fcb": "黹", "\u2fcc": "黽", "\u2fcd": "鼎", "\u2fce": "鼓", "\u2fcf": "鼠",
    "\u2fd0": "鼻", "\u2fd1": "齊", "\u2fd2": "齒", "\u2fd3": "龍", "\u2fd4": "龜", "\u2fd5": "龠",
})
# fmt: on
"""Each producer code point and the character whose glyph it stands for."""


def repair(text: str) -> tuple[str, int]:
    """Return ``text`` with producer code points replaced, and how many were replaced."""
    repaired = text.translate(PRODUCER_CODE_POINTS)
    if repaired == text:
        return text, 0
    return repaired, sum(1 for a, b in zip(text, repaired, strict=True) if a != b)
