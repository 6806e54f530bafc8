"""The 公開版 of a document (pure): bidders other than the one named become A社, B社, … and what a
bidder asked not to disclose (非開示希望) becomes 「■■■（非開示: category）」.

情報公開条例 withhold information by category, so a masked answer says which one applies; the
vendor's own reason is free text, sorted into a category here by the words it uses.
"""

import re
import string

PERSONAL = "個人に関する情報"
SECURITY = "セキュリティ上の支障"
CORPORATE = "法人等の権利・競争上の地位を害するおそれ"
CATEGORIES = (PERSONAL, SECURITY, CORPORATE)

# Checked in this order: a reason naming people is personal even when it also says "security".
_WORDS = (
    (PERSONAL, ("個人", "氏名", "従業員", "社員の", "職員の", "住所", "連絡先", "履歴", "プライバシー")),
    (SECURITY, ("セキュリティ", "攻撃", "脆弱", "侵入", "不正アクセス", "防犯", "犯罪", "構成", "ネットワーク",
                "設備", "配置", "所在", "入退", "鍵", "パスワード", "監視", "サーバ", "データセンター")),
)
# Words a company name carries that say nothing about which company it is.
_LEGAL_FORMS = ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人", "一般財団法人",
                "公益社団法人", "公益財団法人", "特定非営利活動法人", "（株）", "(株)", "㈱", "（有）", "(有)", "㈲")


def category(reason: str) -> str:
    """The 非開示 category a vendor's free-text reason falls under (法人等 when it says nothing else)."""
    text = reason or ""
    for name, words in _WORDS:
        if any(w in text for w in words):
            return name
    return CORPORATE


def mask(reason: str) -> str:
    return f"■■■（非開示: {category(reason)}）"


def alias(n: int) -> str:
    """0 → A社, 25 → Z社, 26 → AA社: a letter per bidder, never a number that reads like a rank."""
    letters = string.ascii_uppercase
    word = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        word = letters[rest] + word
    return f"{word}社"


def short_name(name: str) -> str:
    """The name without its legal form (「東日本事務センター」), or "" when too short to be safe to
    replace on its own (a two-letter stem would hit ordinary words)."""
    stem = name
    for form in _LEGAL_FORMS:
        stem = stem.replace(form, "")
    stem = stem.strip(" 　")
    return stem if len(stem) >= 3 and stem != name else ""


class Names:
    """Replaces every hidden name in a text in one pass, longest first, so a named bidder whose
    name contains a hidden one (or the reverse) is never cut apart."""

    def __init__(self, hidden: dict[str, str], kept: tuple[str, ...] = ()):
        table = {}
        for real, shown in hidden.items():
            if real:
                table[real] = shown
                if short := short_name(real):
                    table.setdefault(short, shown)
        for real in kept:  # matched as themselves, so no hidden name is found inside them
            if real:
                table[real] = real
                if short := short_name(real):
                    table.setdefault(short, short)
        self._table = table
        keys = sorted(table, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text or ""
        return self._pattern.sub(lambda m: self._table[m.group(0)], text)

    @property
    def hidden(self) -> bool:
        return any(real != shown for real, shown in self._table.items())


def identity(text: str) -> str:
    return text or ""
