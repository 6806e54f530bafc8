"""Checking a parameter value a city enters against the catalog's type and range (pure)."""

import unicodedata

from assess.catalog.schema import Parameter

MAX_TEXT = 200


class ParamError(ValueError):
    """The message names the parameter and the value, in Japanese, for the form."""


def _fmt(n) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def parse(param: Parameter, raw) -> int | float | str:
    """The value to store, or ParamError. Full-width digits and commas are accepted."""
    name = param.title.ja
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    if param.type == "text":
        if not text or len(text) > MAX_TEXT:
            raise ParamError(f"{name}を{MAX_TEXT}文字以内で入力してください。")
        return text
    if param.type == "choice":
        if text not in param.options:
            raise ParamError(f"{name}は {'、'.join(param.options)} から選んでください（入力: 「{raw}」）。")
        return text
    if not text:
        raise ParamError(f"{name}を入力してください。")
    try:
        value = int(text) if param.type == "integer" else float(text)
    except ValueError:
        kind = "整数" if param.type == "integer" else "数値"
        raise ParamError(f"{name}は{kind}で入力してください（入力: 「{raw}」）。") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ParamError(f"{name}は数値で入力してください（入力: 「{raw}」）。")
    low, high, unit = param.min, param.max, param.unit or ""
    if (low is not None and value < low) or (high is not None and value > high):
        span = "".join([f"{_fmt(low)}{unit}以上" if low is not None else "",
                        f"{_fmt(high)}{unit}以下" if high is not None else ""])
        raise ParamError(f"{name}は{span}で入力してください（入力: {_fmt(value)}{unit}）。")
    return value
