"""How strong a local account's password must be (pure; directory accounts have no password here).

Twelve characters at least, and zxcvbn (Dropbox's estimator, with its own lists of common
passwords, names, words and keyboard patterns) must rate it 3 of 4 or better: "password1234" is
long enough and still among the first guesses. The account's own e-mail and name count as known
words, so "shiminzei-2027" is weak for shiminzei@city.example.jp.
"""

import re
import secrets

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn: 3 "safely unguessable: moderate protection from offline attacks"
MAX_CHECKED = 100  # zxcvbn slows down on long input; past this length only the length rule applies

_HINTS = {
    "common": "よく使われるパスワード（一覧に載っているもの）か、それに近いものです。",
    "sequence": "キーボードの並びや 1234・abcd のような連続した文字を含んでいます。",
    "repeat": "同じ文字や同じ並びの繰り返しを含んでいます。",
    "date": "日付や年を含んでいます。",
    "words": "辞書の単語・人名、またはメールアドレスや氏名の一部を含んでいます。",
}


def _hint(warning: str) -> str:
    lowered = warning.lower()
    if "common" in lowered or "top" in lowered:
        return _HINTS["common"]
    if "keyboard" in lowered or "sequence" in lowered or "abc" in lowered:
        return _HINTS["sequence"]
    if "repeat" in lowered:
        return _HINTS["repeat"]
    if "date" in lowered or "year" in lowered:
        return _HINTS["date"]
    return _HINTS["words"]


def problem(password: str, known: list[str] = ()) -> str | None:
    """Why this password is refused (Japanese, for the person choosing it), or None."""
    if len(password) < MIN_LENGTH:
        return f"パスワードは{MIN_LENGTH}文字以上にしてください（現在 {len(password)}文字）。"
    if password.strip() != password:
        return "パスワードの先頭と末尾に空白は使えません。"
    if len(password) > MAX_CHECKED:
        return None
    from zxcvbn import zxcvbn  # its dictionaries load on first use, not in every worker at start

    words = [w for text in known for w in re.split(r"[@._\-\s]+", text or "") if len(w) >= 3]
    result = zxcvbn(password, user_inputs=[*known, *words])
    if result["score"] >= MIN_SCORE:
        return None
    return ("推測されやすいパスワードです。" + _hint(result["feedback"].get("warning") or "")
            + " 関係のない単語を4つ以上つなげるなど、長く推測しにくいものにしてください。")


def generate() -> str:
    """A password for a reset, shown once: 20 characters from a URL-safe alphabet (120 bits)."""
    return secrets.token_urlsafe(15)
