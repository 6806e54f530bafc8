"""The HTML of one questionnaire item, fast, without any cache holding what a vendor typed.

Rendering the item macro for 150 items costs ~9 ms a page (~60 µs an item, ten times the
hello-world floor). Caching the output by what it shows kept the page fast but kept every draft's
text too (a worker grew by gigabytes). What the macro's markup depends on is mostly the question
set; the vendor's text only fills a few places, and a handful of flags (該当なし, 非開示, the
chosen option, a problem, a return, files) change the structure. So the macro is rendered once per
question-set version, item and *variant* (those flags), with markers where the text goes, and split
into a frame: static markup and named slots. Each request fills the slots with its own escaped
text. Frames are what the code decides (content hash, item, flags): a finite set, cached bounded in
bytes."""

import secrets
from dataclasses import dataclass, replace

from flask import get_template_attribute
from markupsafe import Markup, escape

from assess.util.bounded import BoundedCache, approx_size

# Private-use characters around a random token: never in a catalog's text, so a marker in the
# rendered frame can only be one we put there.
_MARK = "\ue000" + secrets.token_hex(8) + ":"
_END = "\ue001"

_frames = BoundedCache(max_bytes=32 * 1024 * 1024)
_heads = BoundedCache(max_bytes=8 * 1024 * 1024)


def _slot(name: str) -> str:
    return f"{_MARK}{name}{_END}"


def head(content_hash: str, item: dict) -> Markup:
    """The question, threshold and evidence hint of an item, rendered once per frozen version."""
    key = (content_hash, item["id"])
    found = _heads.get(key)
    if found is None:
        macro = get_template_attribute("questionnaires/_item.html", "item_head")
        found = _heads.put(key, macro(item))  # an autoescaped macro returns Markup
    return found


class _StandIn:
    """An item view as the macro sees it when a frame is made: markers in place of the text."""

    def __init__(self, view, evidence_html: str):
        self._view, self.evidence_html = view, escape(evidence_html)  # a marker: nothing to escape

    def __getattr__(self, name):
        return getattr(self._view, name)


def _chosen(view) -> str | None:
    """The option a radio group shows checked (part of the variant: a finite set)."""
    if view.item["answer"]["type"] not in ("yes_no", "choice"):
        return None
    value = view.entry.value
    return value if value in {v for v, _label in view.options} else None


def _variant(view) -> tuple:
    e = view.entry
    return (view.content_hash, view.id, view.editable, e.na, e.nondisclosure, e.prefilled, bool(e.comment),
            _chosen(view), bool(view.returned), bool(view.problem), bool(view.evidence))


@dataclass(frozen=True)
class _Frame:
    parts: tuple[Markup | str, ...]  # static markup (as the macro made it) at even positions, slot names at odd
    slots: frozenset[str]
    blank: Markup | None  # the block when its only slots (answer, reason) are empty: most unanswered items


_BLANKABLE = {"value", "reason"}


def _frame(view) -> _Frame:
    choice = view.item["answer"]["type"] in ("yes_no", "choice")
    entry = replace(view.entry, value=_chosen(view) if choice else _slot("value"),
                    comment=_slot("comment") if view.entry.comment else "",
                    nondisclosure_reason=_slot("reason"))
    stand_in = _StandIn(replace(view, entry=entry, returned=_slot("returned") if view.returned else "",
                                problem=_slot("problem") if view.problem else "", shown=_slot("shown")),
                        _slot("evidence") if view.evidence else "")
    html = get_template_attribute("questionnaires/_item.html", "item_block")(stand_in)
    first, *rest = html.split(_MARK)  # Markup.split keeps every piece Markup
    parts: list[Markup | str] = [first]
    for piece in rest:
        name, _end, after = piece.partition(_END)
        parts += [str(name), after]
    slots = frozenset(parts[1::2])
    return _Frame(tuple(parts), slots, Markup("").join(parts[0::2]) if slots <= _BLANKABLE else None)


_TEXT = {"value": lambda v: v.entry.value or "", "comment": lambda v: v.entry.comment,
         "reason": lambda v: v.entry.nondisclosure_reason, "returned": lambda v: v.returned,
         "problem": lambda v: v.problem, "shown": lambda v: v.shown}


def _fill(view, name: str) -> Markup:
    if name == "evidence":
        return get_template_attribute("questionnaires/_item.html", "evidence_list")(view, removable=view.editable)
    return escape(_TEXT[name](view))


def render(view) -> Markup:
    """The whole item block for this request."""
    key = _variant(view)
    frame = _frames.get(key)
    if frame is None:
        made = _frame(view)
        frame = _frames.put(key, made, size=2 * approx_size(made.parts) + approx_size(key))
    e = view.entry
    if frame.blank is not None and not e.nondisclosure_reason and not (e.value and "value" in frame.slots):
        return frame.blank
    # Static parts are the macro's own Markup and every filled slot went through escape()
    return Markup("".join([p if n % 2 == 0 else _fill(view, p) for n, p in enumerate(frame.parts)]))  # noqa: S704
