"""Rendering a Word template with docxtpl: autoescaped, in a sandboxed Jinja environment, from
`instance/templates/<name>.docx` when the city has its own, else the shipped `templates/`."""

import io
import re
from pathlib import Path

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

NAMES = ("spec", "report", "terms", "checklist", "minutes")
_TAG = re.compile(r"\{[{%].*?[%}]\}", re.S)


class DocumentError(Exception):
    """A template could not be used; the message names the template and the tag."""


def template_path(name: str, shipped: Path, instance: Path) -> Path:
    if name not in NAMES:
        raise DocumentError(f"文書の種類 {name} はありません。")
    own = instance / "templates" / f"{name}.docx"
    return own if own.exists() else shipped / f"{name}.docx"


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def _broken_tag(source: str | None, lineno: int | None) -> str:
    """The first tag on the failing line that Jinja cannot parse on its own."""
    if not source or not lineno:
        return ""
    line = source.splitlines()[lineno - 1] if lineno <= len(source.splitlines()) else ""
    env = _environment()
    for tag in _TAG.findall(line):
        text = re.sub(r"<[^>]+>", "", tag)
        try:
            env.parse(text if text.startswith("{{") else text + "{% end" + text[2:].split()[0] + " %}")
        except TemplateSyntaxError:
            return text
    found = _TAG.findall(line)
    return re.sub(r"<[^>]+>", "", found[0]) if found else ""


def render(path: Path, context: dict, images: dict[str, bytes] | None = None, image_width_mm: int = 150) -> bytes:
    try:
        template = DocxTemplate(str(path))
    except Exception as e:
        raise DocumentError(f"テンプレート {path.name} を開けません（Wordの .docx ではないか壊れています: {e}）。") from None
    full = dict(context)
    for key, png in (images or {}).items():
        full[key] = InlineImage(template, io.BytesIO(png), width=Mm(image_width_mm))
    try:
        template.render(full, jinja_env=_environment(), autoescape=True)
    except TemplateSyntaxError as e:
        tag = _broken_tag(e.source, e.lineno)
        raise DocumentError(f"テンプレート {path.name} のタグに誤りがあります"
                            f"{'（' + tag + '）' if tag else ''}: {e.message}") from None
    except UndefinedError as e:
        raise DocumentError(f"テンプレート {path.name} が使えない値を参照しています: {e.message}") from None
    except TemplateError as e:
        raise DocumentError(f"テンプレート {path.name} を描画できません: {e}") from None
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
