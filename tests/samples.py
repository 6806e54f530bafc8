"""Real files for upload tests, made in memory: a PDF, a JPEG with EXIF (camera, date,
orientation and GPS), a PNG, a HEIC photo, Word and Excel files, and hostile ones."""

import io
import struct
import zipfile
import zlib

import docx
import openpyxl
import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()


def jpeg_with_exif(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "TestCam", "Model 1", 6  # make, model, rotated
    exif.get_ifd(0x8769)[0x9003] = "2026:10:01 10:30:00"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (35.0, 40.0, 12.5)  # a position that must not reach a thumbnail
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size=(32, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (250, 250, 0)).save(out, "PNG")
    return out.getvalue()


def heic() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 100, 50)).save(out, "HEIF")
    return out.getvalue()


def pdf(pages=1) -> bytes:
    out = io.BytesIO()
    first, *rest = [Image.new("RGB", (200, 280), (255, 255, 255)) for _ in range(pages)]
    first.save(out, "PDF", save_all=True, append_images=rest)
    return out.getvalue()


def docx_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("情報セキュリティ基本方針")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "ログ"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """Looks like a .docx (the right parts) but one part inflates to 300 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * (300 * 1024 * 1024))
    return out.getvalue()


def png_bomb(width=20000, height=20000) -> bytes:
    """A tiny PNG whose header claims 400 megapixels (a decompression bomb)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def executable() -> bytes:
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 57 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def polyglot_pdf_html() -> bytes:
    return pdf()[:-10] + b"<html><script>alert(1)</script></html>" + pdf()[-10:]
