"""法人番号 (corporate number): 13 digits whose first digit checks the other twelve (pure).

The check digit is 9 − (Σ Pn × Qn mod 9), where Pn is the n-th digit of the 12-digit base
counted from the right and Qn is 1 for odd n and 2 for even n (国税庁 法人番号の指定等に関する省令).
"""

import unicodedata


class CorporateNumberError(ValueError):
    pass


def check_digit(base: str) -> int:
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return 9 - total % 9


def normalise(raw: str) -> str:
    """The 13 digits, or CorporateNumberError with the reason in Japanese."""
    text = unicodedata.normalize("NFKC", raw or "").strip().replace("-", "").replace(" ", "")
    if not text.isascii() or not text.isdigit() or len(text) != 13:
        raise CorporateNumberError(f"法人番号は13桁の数字で入力してください（入力: {raw!r}）。")
    if int(text[0]) != check_digit(text[1:]):
        raise CorporateNumberError(f"法人番号 {text} のチェックデジットが一致しません。番号を確認してください。")
    return text
