"""Language: Japanese by default; a user may switch to English for the session."""

from flask import Flask, current_app, session


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def register(app: Flask) -> None:
    @app.context_processor
    def current_language():
        return {"current_lang": select_locale()}
