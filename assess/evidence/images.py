"""Images: checks, thumbnails we make ourselves (EXIF orientation applied, every bit of
metadata left behind), capture date and camera from EXIF. No Flask, no database.

`image_facts` decodes; the upload pipeline runs it through `budget.run` (a child process with a
time and memory limit). The pixel limit below is checked from the header, before decoding."""

import io
import warnings
from dataclasses import dataclass
from datetime import datetime

import pillow_heif
from PIL import ExifTags, Image, ImageOps

from assess.evidence.sniff import Refused

pillow_heif.register_heif_opener()
Image.MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo is plenty; more is a decompression bomb
THUMB_SIZE = (480, 480)
_ROTATED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class Facts:
    width: int | None = None
    height: int | None = None
    taken_at: datetime | None = None
    camera: str = ""
    pages: int | None = None
    thumbnail: bytes | None = None  # JPEG we encoded, no metadata


def _open(data: bytes) -> tuple[Image.Image, tuple[int, int]]:
    """The decoded image (a JPEG at the smallest scale a thumbnail needs) and its full size."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))  # checks MAX_IMAGE_PIXELS from the header
            size = image.size
            if image.format == "JPEG":
                image.draft("RGB", (THUMB_SIZE[0] * 2, THUMB_SIZE[1] * 2))  # decode at 1/2…1/8
            image.load()  # the whole stream is still read: a truncated file is still found
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Refused("画素数が極端に大きい画像（展開爆弾の疑い）のため受け付けません。") from None
        except (OSError, SyntaxError, ValueError) as e:
            raise Refused(f"画像が壊れているか、途中までしかありません（{e}）。") from None
    return image, size


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


def thumbnail(image: Image.Image) -> bytes:
    upright = ImageOps.exif_transpose(image)
    upright = upright.convert("RGB")
    upright.thumbnail(THUMB_SIZE)
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=82)  # a fresh encode: no EXIF, GPS or comments carried over
    return out.getvalue()


def image_facts(data: bytes) -> Facts:
    image, (width, height) = _open(data)
    taken, camera = _exif_facts(image)
    if image.getexif().get(ExifTags.Base.Orientation) in _ROTATED:
        width, height = height, width
    return Facts(width=width, height=height, taken_at=taken, camera=camera, thumbnail=thumbnail(image))
