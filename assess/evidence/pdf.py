"""PDFs: page count, the checks that refuse a file before anything is drawn (encryption, active
content, absurd page sizes), and a first-page preview drawn at a capped number of pixels.
No Flask, no database.

`inspect` and `preview` each run in a budgeted child (`facts` does that): a 339-byte PDF can ask
PDFium for a 30000×30000-point page, and an object graph can be made to take seconds to walk."""

import io

import pypdfium2
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from assess.evidence import budget
from assess.evidence.images import Facts, thumbnail
from assess.evidence.sniff import Refused

MAX_POINTS = 14_400  # the largest page the PDF format itself allows (200 inches), after /UserUnit
PREVIEW_SCALE = 0.6
PREVIEW_MAX_SIDE = 960  # pixels: a preview bitmap is at most 960×960 whatever the page says
MAX_OBJECTS = 100_000  # dictionaries and arrays walked looking for active content
# Five files fit in one request: 5 × (3 + 2) s stays under gunicorn's 30-second worker timeout.
INSPECT_SECONDS, PREVIEW_SECONDS = 3, 2

# Keys and action types that make a reader run, launch or unpack something. Links (/URI) and
# "open at this page" destinations are not among them.
_ACTIVE_KEYS = {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/AA": "自動実行の動作（/AA）",
                "/EmbeddedFile": "埋め込みファイル", "/EmbeddedFiles": "埋め込みファイル",
                "/EF": "埋め込みファイル", "/RichMedia": "埋め込みメディア", "/XFA": "XFAフォーム"}
_CONTAINERS = (DictionaryObject, ArrayObject, IndirectObject)
_ACTIVE_ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "外部プログラムの起動（/Launch）",
                   "/GoToE": "埋め込みファイル", "/ImportData": "データの読み込み（/ImportData）",
                   "/RichMediaExecute": "埋め込みメディア"}


def _active_content(reader: PdfReader) -> list[str]:
    """Names of the active content found anywhere reachable from the trailer (names are compared
    after pypdf decodes #-escapes, and objects inside object streams are seen too)."""
    found: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    walked = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        walked += 1
        if walked > MAX_OBJECTS:
            raise Refused("PDFの構造が複雑すぎて安全か確認できません。ページを分けるなどして提出してください。")
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in _ACTIVE_KEYS:
                    found[_ACTIVE_KEYS[name]] = None
                if name == "/S" and isinstance(value, str) and value in _ACTIVE_ACTIONS:
                    found[_ACTIVE_ACTIONS[value]] = None
                if name == "/OpenAction" and isinstance(action := value.get_object(), DictionaryObject) \
                        and action.get("/S") not in (None, "/GoTo"):
                    found["開いたときの動作（/OpenAction）"] = None
                if isinstance(value, _CONTAINERS):
                    stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(v for v in node if isinstance(v, _CONTAINERS))
    return list(found)


def _page_size(page) -> tuple[float, float]:
    """Width and height in points as a reader shows the page: the box times /UserUnit."""
    unit = page.get("/UserUnit", 1)
    unit = float(unit.get_object() if isinstance(unit, IndirectObject) else unit)
    box = page.cropbox if "/CropBox" in page else page.mediabox
    return abs(float(box.width)) * unit, abs(float(box.height)) * unit


def inspect(data: bytes) -> int:
    """The page count, or Refused: encrypted, broken, active content, or an absurd page size."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused("パスワードで保護されたPDFは確認できません。保護を外して提出してください。")
        pages = len(reader.pages)
        if pages == 0:
            raise Refused("ページのないPDFです。")
        active = _active_content(reader)
        if active:
            raise Refused(f"アクティブな内容を含むPDF（{'・'.join(active)}）は受け付けません。"
                          "スクリプトや添付ファイルを含まない形で保存し直して（印刷でPDFを作り直すなど）提出してください。")
        for page in reader.pages:
            width, height = _page_size(page)
            if not (0 < width <= MAX_POINTS and 0 < height <= MAX_POINTS):
                raise Refused(f"ページの大きさが極端なPDF（{width:g}×{height:g}ポイント）は受け付けません。"
                              f"1辺{MAX_POINTS:,}ポイント（約5メートル）までのページにしてください。")
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as e:
        if isinstance(e, Refused):
            raise
        raise Refused(f"PDFが壊れているため読めません（{e}）。") from None
    return pages


def preview(data: bytes) -> bytes | None:
    """The first page as a small image, drawn at no more than PREVIEW_MAX_SIDE pixels a side."""
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        width, height = page.get_size()
        scale = min(PREVIEW_SCALE, PREVIEW_MAX_SIDE / max(width, height, 1.0))
        return thumbnail(page.render(scale=scale).to_pil())
    finally:
        document.close()


def facts(data: bytes) -> Facts:
    """Checks (a file that fails them, or runs out of budget, is refused), then the preview (one
    that cannot be drawn in its budget is left out: the page count is still shown)."""
    try:
        pages = budget.run(inspect, data, INSPECT_SECONDS)
    except budget.OverBudget:
        raise Refused("PDFの確認に時間がかかりすぎるか、必要なメモリが大きすぎるため受け付けません。") from None
    try:
        shown = budget.run(preview, data, PREVIEW_SECONDS)
    except budget.OverBudget:
        shown = None
    except Exception:  # a preview is a convenience; a file we accepted stays accepted
        shown = None
    return Facts(pages=pages, thumbnail=shown)
