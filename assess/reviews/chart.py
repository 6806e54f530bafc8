"""The radar chart of domain scores, drawn on the server with matplotlib: SVG for pages (text
kept as text, so the browser's Japanese font shows it) and PNG for Word documents (drawn with the
IPAex Gothic font that the japanize-matplotlib package ships). No script, no external reference.

Every text is drawn as typed: a vendor may be called `$x$` or `US$100`, and matplotlib would
otherwise read text between dollar signs as mathtext. matplotlib is imported where a chart is drawn, so the
workers and CLI calls that never draw one do not load it."""

import importlib.util
import io
import math
import textwrap
import warnings
from functools import lru_cache
from pathlib import Path

COLORS = ("#0b5cad", "#bf5b00", "#116329", "#a40e26", "#6639ba")
STYLES = ("-", "--", "-.", ":", (0, (5, 1)))  # a line style each: never colour alone
MARKERS = ("o", "s", "^", "D", "v")
LABEL_WIDTH = 9  # characters per line of a domain label round the chart


@lru_cache(maxsize=1)
def _font() -> str:
    """Registers the bundled Japanese font once (without importing the package's own module)."""
    from matplotlib import font_manager

    spec = importlib.util.find_spec("japanize_matplotlib")
    if spec and spec.submodule_search_locations:
        font = Path(spec.submodule_search_locations[0]) / "fonts" / "ipaexg.ttf"
        if font.exists():
            font_manager.fontManager.addfont(str(font))
            return font_manager.FontProperties(fname=str(font)).get_name()
    return "sans-serif"


def _settings() -> dict:
    """rc settings for one drawing (a context, so nothing leaks into another chart)."""
    return {"svg.fonttype": "none", "font.family": [_font(), "sans-serif"], "text.parse_math": False,
            "text.usetex": False}


def _wrap(label: str) -> str:
    """A long domain label on two lines, broken at a 「・」 near the middle when it has one."""
    if len(label) <= LABEL_WIDTH:
        return label
    dots = [n for n, ch in enumerate(label) if ch in "・、"]
    if dots:
        cut = min(dots, key=lambda n: abs(n - len(label) / 2)) + 1
        return label[:cut] + "\n" + label[cut:]
    return textwrap.fill(label, LABEL_WIDTH)


def _place_labels(axes, angles: list[float]) -> None:
    """Domain labels pushed out from the rim and anchored away from the chart, so a long label
    grows outwards instead of over the circle, the score ticks or its neighbours."""
    axes.tick_params(axis="x", pad=6)
    for label, angle in zip(axes.get_xticklabels(), angles, strict=True):
        across, up = math.sin(angle), math.cos(angle)  # the first domain at the top, then clockwise
        label.set_horizontalalignment("left" if across > 0.1 else "right" if across < -0.1 else "center")
        label.set_verticalalignment("bottom" if up > 0.1 else "top" if up < -0.1 else "center")


def _figure(domains: list[tuple[str, str]], series: list[tuple[str, dict[str, float]]]):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 4.8))
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(math.pi / 2)  # the first domain at the top, then clockwise
    axes.set_theta_direction(-1)
    angles = [2 * math.pi * n / len(domains) for n in range(len(domains))]
    for n, (name, scores) in enumerate(series):
        values = [scores.get(domain_id, 0.0) for domain_id, _label in domains]
        axes.plot(angles + angles[:1], values + values[:1], color=COLORS[n % 5], linestyle=STYLES[n % 5],
                  marker=MARKERS[n % 5], linewidth=2, label=name)
    axes.set_xticks(angles, [_wrap(label) for _id, label in domains], fontsize=9)
    _place_labels(axes, angles)
    axes.set_ylim(0, 100)
    # The score ticks run along the ray halfway between the first two domains, where no label sits;
    # 100 is the rim itself and is left unlabelled (the labels sit just outside it).
    axes.set_rlabel_position(math.degrees(math.pi / len(domains)) if domains else 22.5)
    axes.set_yticks([20, 40, 60, 80, 100], ["20", "40", "60", "80", ""], fontsize=7, color="#444444")
    if series:  # below the chart, clear of the labels on either side
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(len(series), 3), fontsize=9,
                    frameon=False)
    figure.subplots_adjust(left=0.16, right=0.84, top=0.88, bottom=0.12)
    return figure


def _printable(series):
    """Names as a font can draw them: control characters out (a vendor may have typed anything);
    a leading underscore kept visible (matplotlib's legend would drop such a label)."""
    out = []
    for name, scores in series:
        shown = "".join(ch for ch in name if ch.isprintable())
        out.append((" " + shown if shown.startswith("_") else shown, scores))
    return out


def _save(domains, series, out, **options) -> None:
    from matplotlib import rc_context

    with rc_context(_settings()), warnings.catch_warnings():
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
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    out = io.StringIO()
    with rc_context(_settings()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        figure = Figure(figsize=(3.2, 1.6))
        axes = figure.add_subplot()
        labels = [label for label, _v in points]
        axes.plot(labels, [v for _l, v in points], color=COLORS[0], marker="o", linewidth=2)
        axes.axhline(target, color=COLORS[1], linestyle="--", linewidth=1)
        axes.set_ylabel(unit, fontsize=8)
        axes.tick_params(labelsize=7)
        figure.subplots_adjust(left=0.18, right=0.97, top=0.92, bottom=0.2)
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
