"""Deciding what a file is from its bytes, never from its name or the browser's claim (pure).

Accepted: PDF, PNG, JPEG, HEIC/HEIF, DOCX, XLSX and plain text/CSV. Everything else is refused
with the type that was detected, in Japanese, and so are Word and Excel files that would run
macros or fetch a template when opened (a PDF's active content is found in pdf.py, which parses
it). A download is named with the detected kind's extension (`download_name`).
"""

import io
import re
import zipfile
from dataclasses import dataclass

import filetype

from assess.evidence import zipcheck

ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_ENTRIES = 5000

KIND_LABELS = {"pdf": "PDF", "png": "PNG画像", "jpeg": "JPEG画像", "heif": "HEIC/HEIF画像",
               "docx": "Word文書（.docx）", "xlsx": "Excelブック（.xlsx）", "text": "テキスト/CSV"}
MIME = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg", "heif": "image/heif",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text": "text/plain"}
IMAGE_KINDS = ("png", "jpeg", "heif")
# The names a download may end in for each detected kind; the first is used when the uploader's
# name ends otherwise (setup.hta that is text is served as setup.txt, report.html that is a PDF
# as report.pdf), so a browser or Explorer never opens an upload as something it is not.
EXTENSIONS = {"pdf": (".pdf",), "png": (".png",), "jpeg": (".jpg", ".jpeg"), "heif": (".heic", ".heif"),
              "docx": (".docx",), "xlsx": (".xlsx",), "text": (".txt", ".csv", ".tsv", ".log")}

_BY_MIME = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpeg",
            "image/heic": "heif", "image/heif": "heif", "image/avif": None,
            MIME["docx"]: "docx", MIME["xlsx"]: "xlsx"}
_MARKUP = re.compile(rb"<\s*(script|html|!doctype|svg|iframe|body|object|embed|\?xml)\b", re.I)
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
OOXML_LABELS = {"docx": "Word文書", "xlsx": "Excelブック"}
_RELS_MAX = 1024 * 1024
# Relationships that make Office fetch or run something when the file opens (remote template
# injection, linked sub-documents and frames, linked OLE objects).
_ACTIVE_RELATIONS = {"attachedTemplate": "外部のテンプレート", "subDocument": "外部の文書",
                     "frame": "外部のフレーム", "oleObject": "外部のOLEオブジェクト"}
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class Refused(ValueError):
    """The message says what was found and why it is refused (for the uploader)."""


@dataclass(frozen=True)
class Sniffed:
    kind: str  # a key of KIND_LABELS
    mime: str


def _describe(guess) -> str:
    return f"{guess.mime}（.{guess.extension}）" if guess else "不明な形式"


def sniff(data: bytes) -> Sniffed:
    if not data:
        raise Refused("空のファイル（0バイト）です。")
    guess = filetype.guess(data[:8192] if len(data) > 8192 else data)
    if guess is None:
        return _text(data)
    kind = _BY_MIME.get(guess.mime)
    if guess.mime == "application/zip" or kind in _OOXML_PART:
        kind = _ooxml(data)
    if kind is None:
        raise Refused(f"このファイル形式は受け付けていません（検出された形式: {_describe(guess)}）。"
                      "PDF、画像（PNG・JPEG・HEIC）、Word・Excel、テキスト/CSVで提出してください。")
    if kind == "pdf" and _MARKUP.search(data):
        raise Refused("PDFの中にHTMLやスクリプトが含まれています（PDFとHTMLの両方として読めるファイル）。"
                      "PDFを作り直して提出してください。")
    return Sniffed(kind, MIME[kind])


def download_name(name: str, kind: str) -> str:
    """The stored display name with an extension that matches what the file is."""
    allowed = EXTENSIONS[kind]
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and f".{suffix.lower()}" in allowed:
        return name
    return f"{stem if dot and stem else name}{allowed[0]}"


def _text(data: bytes) -> Sniffed:
    if b"\x00" in data:
        raise Refused("このファイル形式は受け付けていません（検出された形式: 不明なバイナリ）。")
    markup = _MARKUP.search(data)  # the whole file: markup after the first 64 KB runs just as well
    if markup:
        found = markup.group(1).decode("ascii", "replace").lower()
        label = "SVG画像" if found == "svg" else "XML" if found == "?xml" else "HTML"
        raise Refused(f"このファイル形式は受け付けていません（検出された形式: {label}）。")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            data.decode(encoding)
            return Sniffed("text", MIME["text"])
        except UnicodeDecodeError:
            continue
    raise Refused("このファイル形式は受け付けていません（検出された形式: 不明なバイナリ）。")


def _ooxml(data: bytes) -> str:
    """DOCX or XLSX after checking the ZIP itself: no bombs, no path tricks, the right parts."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as e:
        raise Refused(f"ZIP形式のファイルが壊れています（{e}）。") from None
    if len(infos) > ZIP_MAX_ENTRIES:
        raise Refused("ZIPの中のファイル数が多すぎます。")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > ZIP_MAX_UNCOMPRESSED or total / packed > ZIP_MAX_RATIO:
        raise Refused("展開すると極端に大きくなるファイル（ZIP爆弾の疑い）のため受け付けません。")
    names = {i.filename for i in infos}
    for kind, part in _OOXML_PART.items():
        if part in names and "[Content_Types].xml" in names:
            active = _active_parts(archive, infos)
            if active:
                raise Refused(f"アクティブな内容を含む{OOXML_LABELS[kind]}（{'、'.join(active)}）は受け付けません。"
                              "マクロや外部参照を含まない形式（.docx・.xlsx）で保存し直して提出してください。")
            return kind
    raise Refused("このファイル形式は受け付けていません（検出された形式: application/zip（.zip））。"
                  "Word・Excel以外のZIPは提出できません。")


def _active_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> list[str]:
    """What would run or be fetched when Office opens the file: macros, ActiveX controls, and
    relationships to outside templates or objects. Reads only the small .rels parts."""
    found = []
    lowered = [i.filename.lower() for i in infos]
    if any(n.endswith("vbaproject.bin") for n in lowered):
        found.append("マクロ（VBA）")
    if any(n.startswith(("word/activex/", "xl/activex/")) for n in lowered):
        found.append("ActiveXコントロール")
    for info in infos:
        if not info.filename.lower().endswith(".rels"):
            continue
        try:
            body = zipcheck.read(archive, info, _RELS_MAX)
        except zipcheck.Broken as e:
            raise Refused(f"ZIP形式のファイルが壊れています（{e}）。") from None
        text = body.decode("utf-16", "replace") if body[:2] in (b"\xff\xfe", b"\xfe\xff") else body.decode("utf-8", "replace")
        for tag in _RELATIONSHIP.findall(text):
            attributes = {k.lower(): double or single for k, double, single in _ATTRIBUTE.findall(tag)}
            kind = attributes.get("type", "").rsplit("/", 1)[-1]
            if kind in _ACTIVE_RELATIONS and attributes.get("targetmode", "").lower() == "external":
                found.append(f"{_ACTIVE_RELATIONS[kind]}（{attributes.get('target', '')[:100]}）")
    return found
