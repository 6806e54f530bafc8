"""Reading members of a ZIP we did not make (Word and Excel files, returned workbooks, evidence
ZIPs) without a surprise (pure): every way a member can fail to read becomes `Broken`, naming the
member, in Japanese, instead of an exception from deep inside zipfile or an XML parser.

Checked per member: encryption, the compression method (only stored and Deflate; Windows writes
Deflate64 for large folders, which Python cannot read), the CRC, a size limit, and for XML parts a
DOCTYPE (external entities: XXE) and well-formedness."""

import io
import re
import zipfile
import zlib
from xml.etree.ElementTree import ParseError, XMLPullParser

READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_DOCTYPE = re.compile(rb"<!\s*doctype", re.I)


class Broken(ValueError):
    def __init__(self, part: str, reason: str):
        super().__init__(f"{part}: {reason}")
        self.part, self.reason = part, reason


def entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why this member cannot be read, judged from its header alone."""
    if info.flag_bits & 0x1:
        return "暗号化されています（パスワード付きのZIPは読めません）"
    if info.compress_type not in READABLE_METHODS:
        return (f"対応していない圧縮方式です（方式 {info.compress_type}: Deflate64 など）。"
                "通常のZIP（Deflate）で圧縮し直してください")
    return None


def read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, name: str | None = None) -> bytes:
    """The member's bytes, CRC checked, at most `limit` bytes whatever its header claims."""
    name = name or info.filename
    problem = entry_problem(info)
    if problem:
        raise Broken(name, problem)
    if info.file_size > limit:
        raise Broken(name, f"展開後の大きさが上限（{limit // 1024 // 1024}MB）を超えます")
    try:
        with archive.open(info) as member:
            body = member.read(limit + 1)
    except zipfile.BadZipFile as e:
        reason = "CRCが一致しません（ファイルが途中で壊れています）" if "CRC" in str(e) else f"読めません（{e}）"
        raise Broken(name, reason) from None
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error) as e:
        raise Broken(name, f"圧縮データが壊れています（{e}）") from None
    if len(body) > limit:
        raise Broken(name, f"展開後の大きさが上限（{limit // 1024 // 1024}MB）を超えます")
    return body


def check_xml(name: str, body: bytes, well_formed: bool = True) -> None:
    """No DOCTYPE (Office never writes one; it is how external entities get in) and well-formed."""
    if _DOCTYPE.search(body):
        raise Broken(name, "DOCTYPE宣言（外部のファイルを読ませる攻撃に使われる実体の定義）が含まれています")
    if not well_formed:
        return
    parser = XMLPullParser()
    try:
        for start in range(0, len(body), 1 << 16):
            parser.feed(body[start:start + (1 << 16)])
            for _event in parser.read_events():
                pass
        parser.close()
    except ParseError as e:
        line, column = e.position
        raise Broken(name, f"XMLとして読めません（{line}行{column}桁）") from None


def check_all(data: bytes, max_total: int, xml: bool = True) -> list[zipfile.ZipInfo]:
    """Reads every member once (so the CRCs are checked) and checks XML parts; the member list.
    Raises zipfile.BadZipFile when the data is no ZIP at all, Broken for a bad member. zipfile
    never inflates a member past the size its header declares, so bounding the declared sizes
    bounds the work."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if sum(i.file_size for i in infos) > max_total:
        raise Broken("ZIP全体", f"展開後の大きさが上限（{max_total // 1024 // 1024}MB）を超えます")
    for info in infos:
        if info.is_dir():
            continue
        body = read(archive, info, max_total)
        lowered = info.filename.lower()
        if xml and lowered.endswith((".xml", ".rels", ".vml")):
            check_xml(info.filename, body, well_formed=not lowered.endswith(".vml"))  # Excel's VML is loose HTML
    return infos
