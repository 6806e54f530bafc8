"""pydantic's validation errors, said in Japanese with the path of the offending field."""

from pydantic import ValidationError


def _where(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "（ルート）"


def _expected(error: dict) -> str:
    ctx = error.get("ctx") or {}
    return str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")


def describe(error: dict) -> str:
    loc, kind, value = tuple(error["loc"]), error["type"], error.get("input")
    where = _where(loc)
    if kind == "extra_forbidden":
        return f"不明な項目 '{loc[-1]}' です（綴りを確認してください）"
    if kind == "missing":
        return f"必須の項目 '{where}' がありません"
    if kind == "literal_error":
        return f"'{where}' の値 {value!r} は使えません（使える値: {_expected(error)}）"
    if kind == "value_error":
        msg = error["msg"].removeprefix("Value error, ")
        return f"'{where}': {msg}" if loc else msg
    if kind == "string_pattern_mismatch":
        return f"'{where}' の値 {value!r} が形式に合いません（形式: {error['ctx']['pattern']}）"
    if kind in ("string_too_short", "too_short"):
        return f"'{where}' が空です"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = error["ctx"].get("ge", error["ctx"].get("le"))
        word = "以上" if kind == "greater_than_equal" else "以下"
        return f"'{where}' は {bound} {word}にしてください（値: {value!r}）"
    if isinstance(value, bool) and kind in ("string_type", "int_type", "float_type"):
        return (f"'{where}' が真偽値 {value} として読まれました。yes / no / on / off は"
                "引用符で囲んでください（例: \"yes\"）")
    if kind == "string_type":
        return f"'{where}' は文字列にしてください（値: {value!r}）"
    if kind in ("int_type", "int_from_float"):
        return f"'{where}' は整数にしてください（値: {value!r}）"
    if kind == "float_type":
        return f"'{where}' は数値にしてください（値: {value!r}）"
    if kind == "bool_type":
        return f"'{where}' は true か false にしてください（値: {value!r}）"
    if kind in ("dict_type", "model_type"):
        return f"'{where}' は項目名と値の組（マッピング）にしてください"
    if kind == "tuple_type":
        return f"'{where}' はリスト（- で始まる行）にしてください"
    return f"'{where}': {error['msg']}"


def each(exc: ValidationError):
    """(loc, message) for every error, with union alternatives collapsed to one message."""
    seen: set = set()
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not _is_union_tag(p))
        key = loc
        if key in seen:
            continue
        seen.add(key)
        yield loc, describe({**error, "loc": loc})


_TYPE_TAGS = {"str", "int", "float", "bool", "dict", "tuple", "list", "none"}


def _is_union_tag(part) -> bool:
    """pydantic names the member it tried inside a union ('int', 'function-after[…]', …)."""
    return isinstance(part, str) and (part in _TYPE_TAGS or "[" in part)
