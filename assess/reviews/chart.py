"""The radar chart of domain scores, drawn on the server with matplotlib: SVG for pages (text
kept as text, so the browser's Japanese font shows it) and PNG for Word documents (drawn with the
IPAex Gothic font that the japanize-matplotlib package ships). No script, no external reference."""

import importlib.util
import io
import math
import warnings
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager, rcParams
from matplotlib.figure import Figure

COLORS = ("#0b5cad", "#bf5b00", "#116329", "#a40e26", "#6639ba")
STYLES = ("-", "--", "-.", ":", (0, (5, 1)))  # a line style each: never colour alone
MARKERS = ("o", "s", "^", "D", "v")


@lru_cache(maxsize=1)
def _font() -> str:
    """Registers the bundled Japanese font once (without importing the package's own module)."""
    spec = importlib.util.find_spec("japanize_matplotlib")
    if spec and spec.submodule_search_locations:
        font = Path(spec.submodule_search_locations[0]) / "fonts" / "ipaexg.ttf"
        if font.exists():
            font_manager.fontManager.addfont(str(font))
            return font_manager.FontProperties(fname=str(font)).get_name()
    return "sans-serif"


def _figure(domains: list[tuple[str, str]], series: list[tuple[str, dict[str, float]]]) -> Figure:
    rcParams["svg.fonttype"] = "none"
    rcParams["font.family"] = [_font(), "sans-serif"]
    figure = Figure(figsize=(6.4, 4.8))
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(math.pi / 2)  # the first domain at the top, then clockwise
    axes.set_theta_direction(-1)
    angles = [2 * math.pi * n / len(domains) for n in range(len(domains))]
    for n, (name, scores) in enumerate(series):
        values = [scores.get(domain_id, 0.0) for domain_id, _label in domains]
        axes.plot(angles + angles[:1], values + values[:1], color=COLORS[n % 5], linestyle=STYLES[n % 5],
                  marker=MARKERS[n % 5], linewidth=2, label=name)
    axes.set_xticks(angles, [label for _id, label in domains], fontsize=9)
    axes.set_ylim(0, 100)
    axes.set_yticks([20, 40, 60, 80, 100], ["20", "40", "60", "80", "100"], fontsize=7)
    if series:
        axes.legend(loc="upper left", bbox_to_anchor=(1.05, 1.0), fontsize=9, frameon=False)
    figure.subplots_adjust(left=0.08, right=0.68, top=0.9, bottom=0.1)
    return figure


def _printable(series):
    """Names as a font can draw them: control characters out (a vendor may have typed anything)."""
    return [("".join(ch for ch in name if ch.isprintable()), scores) for name, scores in series]


def _save(domains, series, out, **options) -> None:
    with warnings.catch_warnings():
        # A glyph the bundled font lacks (an emoji in a company name) is drawn as a box, quietly.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        _figure(domains, _printable(series)).savefig(out, **options)


def radar_svg(domains, series) -> str:
    """domains: (id, label) in order; series: (vendor name, {domain id: 0..100})."""
    out = io.StringIO()
    _save(domains, series, out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return out.getvalue()


def radar_png(domains, series, dpi: int = 150) -> bytes:
    out = io.BytesIO()
    _save(domains, series, out, format="png", dpi=dpi, bbox_inches="tight")
    return out.getvalue()


def trend_svg(points: list[tuple[str, float]], target: float, unit: str) -> str:
    """A small line of a KPI over past meetings, with the SLA target as a dashed line."""
    rcParams["svg.fonttype"] = "none"
    rcParams["font.family"] = [_font(), "sans-serif"]
    figure = Figure(figsize=(3.2, 1.6))
    axes = figure.add_subplot()
    labels = [label for label, _v in points]
    axes.plot(labels, [v for _l, v in points], color=COLORS[0], marker="o", linewidth=2)
    axes.axhline(target, color=COLORS[1], linestyle="--", linewidth=1)
    axes.set_ylabel(unit, fontsize=8)
    axes.tick_params(labelsize=7)
    figure.subplots_adjust(left=0.18, right=0.97, top=0.92, bottom=0.2)
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
