"""Rendering a Word template with docxtpl: autoescaped, in a sandboxed Jinja environment, from
`instance/templates/<name>.docx` when the city has its own, else the shipped `templates/`."""

import io
import re
from pathlib import Path
from xml.sax.saxutils import quoteattr

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from assess.documents.context import Picture

NAMES = ("spec", "report", "terms", "tender", "checklist", "minutes")


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
    """The first tag on the failing line (Word's XML taken out) that Jinja cannot read alone."""
    lines = (source or "").splitlines()
    if not lineno or lineno > len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1])
    env = _environment()
    for start in (m.start() for m in re.finditer(r"\{[{%]", text)):
        closes = [k + 2 for k in (text.find("}}", start + 2), text.find("%}", start + 2)) if k != -1]
        following = text.find("{", start + 2)  # an unclosed tag ends where the next one starts
        end = min(closes + ([following] if following != -1 else []) + [len(text)])
        snippet = text[start:end][:60].strip()
        probe = snippet if snippet.startswith("{{") else f"{snippet}{{% end{(snippet[2:].split() or [''])[0]} %}}"
        try:
            env.parse(probe)
        except TemplateSyntaxError:
            return snippet
    return ""


class _Image(InlineImage):
    """docxtpl's inline picture with a description (the alternative text screen readers say)."""

    def __init__(self, tpl, data: bytes, width_mm: int, alt: str):
        super().__init__(tpl, io.BytesIO(data), width=Mm(width_mm))
        self.alt = alt

    def _insert_image(self):
        xml = super()._insert_image()
        if not self.alt:
            return xml
        return re.sub(r"<wp:docPr ", lambda _m: f"<wp:docPr descr={quoteattr(self.alt)} ", xml, count=1)


def _pictures(value, template):
    """The context with every Picture, however deep, made a Word picture of that template."""
    if isinstance(value, Picture):
        return _Image(template, value.data, value.width_mm, value.alt)
    if isinstance(value, dict):
        return {k: _pictures(v, template) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_pictures(v, template) for v in value]
    return value


def render(path: Path, context: dict, images: dict[str, bytes] | None = None, image_width_mm: int = 150) -> bytes:
    try:
        template = DocxTemplate(str(path))
        template.init_docx()  # opened now, so a bad file is reported here, not mid-render
    except Exception as e:
        raise DocumentError(f"テンプレート {path.name} を開けません（Wordの .docx ではないか壊れています: {e}）。") from None
    full = _pictures(context, template)
    for key, png in (images or {}).items():
        full[key] = InlineImage(template, io.BytesIO(png), width=Mm(image_width_mm))
    try:
        template.render(full, jinja_env=_environment(), autoescape=True)
    except TemplateSyntaxError as e:
        tag = _broken_tag(e.source, e.lineno)
        why = "対応する終了タグ（{% endfor %} や {% endif %} など）がありません" \
            if (e.message or "").startswith("Unexpected end of template") else e.message
        raise DocumentError(f"テンプレート {path.name} のタグに誤りがあります"
                            f"{'（' + tag + '）' if tag else ''}: {why}") from None
    except UndefinedError as e:
        raise DocumentError(f"テンプレート {path.name} が使えない値を参照しています: {e.message}") from None
    except TemplateError as e:
        raise DocumentError(f"テンプレート {path.name} を描画できません: {e}") from None
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
