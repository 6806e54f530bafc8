"""Real-looking evidence for the demo, drawn with Pillow: an ISMS certificate (PDF), a network
diagram (PNG) and site-visit photos (JPEG with EXIF capture dates)."""

import io
from datetime import date, datetime

from PIL import Image, ImageDraw


def certificate_pdf(number: str, valid_until: date) -> bytes:
    page = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((30, 30, 565, 812), outline=(40, 60, 120), width=6)
    lines = ["CERTIFICATE OF REGISTRATION", "", "Information Security Management System",
             "JIS Q 27001:2023 (ISO/IEC 27001:2022)", "", "Midori Data Service Co., Ltd.",
             f"Registration No. {number}", f"Valid until {valid_until.isoformat()}",
             "Scope: data entry services for local governments"]
    for n, line in enumerate(lines):
        draw.text((80, 140 + 40 * n), line, fill=(20, 20, 20))
    out = io.BytesIO()
    page.save(out, "PDF", resolution=72)
    return out.getvalue()


def network_diagram_png() -> bytes:
    image = Image.new("RGB", (720, 360), "white")
    draw = ImageDraw.Draw(image)
    boxes = {"Work PCs (closed LAN)": (30, 140), "Firewall": (270, 140), "File server": (510, 60),
             "Log server": (510, 220)}
    for label, (x, y) in boxes.items():
        draw.rectangle((x, y, x + 180, y + 70), outline=(0, 70, 140), width=3)
        draw.text((x + 12, y + 28), label, fill=(0, 0, 0))
    for a, b in (((210, 175), (270, 175)), ((450, 175), (510, 95)), ((450, 175), (510, 255))):
        draw.line((a, b), fill=(0, 0, 0), width=3)
    draw.text((30, 20), "Network diagram - no internet connection", fill=(120, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def site_photo_jpeg(label: str, taken: datetime, shade: int) -> bytes:
    image = Image.new("RGB", (800, 600), (shade, shade, shade + 10))
    draw = ImageDraw.Draw(image)
    draw.rectangle((250, 120, 550, 520), fill=(90, 90, 100), outline=(20, 20, 20), width=4)
    draw.rectangle((500, 300, 530, 360), fill=(200, 200, 60))
    draw.text((30, 30), label, fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "DemoCam", "Site Visit 1"
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, exif=exif)
    return out.getvalue()
