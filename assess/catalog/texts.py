"""The catalog's Jinja text templates (question, clause, checklist) over a control's parameters.

A sandboxed environment with StrictUndefined: a template can read its parameters and nothing
else, and a missing one is an error, never an empty string in a contract.
"""

from functools import lru_cache

from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


@lru_cache(maxsize=4096)
def _compiled(text: str):
    return _env.from_string(text)


def variables(text: str) -> set[str]:
    """The names a template reads. Raises TemplateSyntaxError."""
    if not is_template(text):
        return set()
    return meta.find_undeclared_variables(_env.parse(text))


def render(text: str, params: dict) -> str:
    """`text` with the parameter values filled in (numbers shown without a trailing .0)."""
    if not is_template(text):
        return text
    return _compiled(text).render({k: _display(v) for k, v in params.items()})


def _display(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


__all__ = ["TemplateSyntaxError", "is_template", "render", "variables"]
