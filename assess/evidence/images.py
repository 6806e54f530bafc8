"""Images and PDFs: checks, thumbnails we make ourselves (EXIF orientation applied, every bit
of metadata left behind), capture date and camera from EXIF, PDF page count and first-page
preview. No Flask, no database."""

import io
import warnings
from dataclasses import dataclass
from datetime import datetime

import pillow_heif
import pypdfium2
from PIL import ExifTags, Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from assess.evidence.sniff import Refused

pillow_heif.register_heif_opener()
Image.MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo is plenty; more is a decompression bomb
THUMB_SIZE = (480, 480)


@dataclass(frozen=True)
class Facts:
    width: int | None = None
    height: int | None = None
    taken_at: datetime | None = None
    camera: str = ""
    pages: int | None = None
    thumbnail: bytes | None = None  # JPEG we encoded, no metadata


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Refused("画素数が極端に大きい画像（展開爆弾の疑い）のため受け付けません。") from None
        except (OSError, SyntaxError, ValueError) as e:
            raise Refused(f"画像が壊れているか、途中までしかありません（{e}）。") from None
    return image


def _exif_facts(image: Image.Image) -> tuple[datetime | None, str]:
    exif = image.getexif()
    detail = exif.get_ifd(ExifTags.IFD.Exif)
    stamp = detail.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    taken = None
    if isinstance(stamp, str):
        try:
            taken = datetime.strptime(stamp.strip(), "%Y:%m:%d %H:%M:%S")
        except ValueError:
            taken = None
    make, model = exif.get(ExifTags.Base.Make, ""), exif.get(ExifTags.Base.Model, "")
    camera = " ".join(str(p).strip("\x00 ") for p in (make, model) if p and str(p).strip("\x00 "))
    return taken, camera[:100]


def _thumbnail(image: Image.Image) -> bytes:
    upright = ImageOps.exif_transpose(image)
    upright = upright.convert("RGB")
    upright.thumbnail(THUMB_SIZE)
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=82)  # a fresh encode: no EXIF, GPS or comments carried over
    return out.getvalue()


def image_facts(data: bytes) -> Facts:
    image = _open(data)
    taken, camera = _exif_facts(image)
    width, height = ImageOps.exif_transpose(image).size
    return Facts(width=width, height=height, taken_at=taken, camera=camera, thumbnail=_thumbnail(image))


def pdf_facts(data: bytes) -> Facts:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused("パスワードで保護されたPDFは確認できません。保護を外して提出してください。")
        pages = len(reader.pages)
    except PyPdfError as e:
        raise Refused(f"PDFが壊れているため読めません（{e}）。") from None
    if pages == 0:
        raise Refused("ページのないPDFです。")
    return Facts(pages=pages, thumbnail=_pdf_preview(data))


def _pdf_preview(data: bytes) -> bytes | None:
    """The first page as a small image; None when the PDF cannot be drawn (count still shown)."""
    try:
        document = pypdfium2.PdfDocument(data)
        try:
            page = document[0]
            bitmap = page.render(scale=0.6)
            image = bitmap.to_pil()
            return _thumbnail(image)
        finally:
            document.close()
    except Exception:  # a preview is a convenience; a file we accepted stays accepted
        return None
