"""Deciding what a file is from its bytes, never from its name or the browser's claim (pure).

Accepted: PDF, PNG, JPEG, HEIC/HEIF, DOCX, XLSX and plain text/CSV. Everything else is refused
with the type that was detected, in Japanese.
"""

import io
import re
import zipfile
from dataclasses import dataclass

import filetype

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

_BY_MIME = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpeg",
            "image/heic": "heif", "image/heif": "heif", "image/avif": None,
            MIME["docx"]: "docx", MIME["xlsx"]: "xlsx"}
_MARKUP = re.compile(rb"<\s*(script|html|!doctype|svg|iframe|body|object|embed|\?xml)\b", re.I)
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


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


def _text(data: bytes) -> Sniffed:
    if b"\x00" in data:
        raise Refused("このファイル形式は受け付けていません（検出された形式: 不明なバイナリ）。")
    if _MARKUP.search(data[:65536]):
        found = _MARKUP.search(data[:65536]).group(1).decode("ascii", "replace").lower()
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
            return kind
    raise Refused("このファイル形式は受け付けていません（検出された形式: application/zip（.zip））。"
                  "Word・Excel以外のZIPは提出できません。")
