"""Checks on every request before any view: text the database could not store (NUL characters,
absurd lengths) is refused with a clear 400, so no view can half-write it."""

from flask import Flask, request

from assess.core.errors import render_error

MAX_FIELD = 20_000  # characters in one form field or query value (answers allow 10,000)


def _bad_value(values) -> str | None:
    for key, value in values.items(multi=True):
        if "\x00" in key or "\x00" in value:
            return "使用できない文字（NUL）が含まれています。"
        if len(value) > MAX_FIELD:
            return f"1つの欄に入力できるのは{MAX_FIELD:,}文字までです（「{key[:40]}」が{len(value):,}文字）。"
    return None


def register(app: Flask) -> None:
    @app.before_request
    def refuse_unstorable_text():
        if "\x00" in request.path:
            return render_error(400, "URLに使用できない文字が含まれています。")
        problem = _bad_value(request.args) or (_bad_value(request.form) if request.method == "POST" else None)
        if problem:
            return render_error(400, problem + " 入力内容は保存されていません。")
        return None
