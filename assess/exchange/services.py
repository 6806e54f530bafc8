"""Offline packages out and in. An import changes nothing until the whole package is valid;
a valid one is saved and submitted like a web submit (same audit events), plus a record of
who imported it."""

import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.evidence import services as evidence
from assess.exchange import layout, package, reader, workbook
from assess.projects.services import get_city
from assess.questionnaires import answers as rules
from assess.questionnaires import qa
from assess.questionnaires import services as questionnaires
from assess.questionnaires.models import Invitation
from assess.util.wareki import format_date


def _expected(session: Session, invitation: Invitation, secret: str) -> tuple[reader.Expected, object]:
    version = questionnaires.version_for(session, invitation)
    return reader.Expected(invitation.id, version.number, version.content["items"], secret), version


def export_workbook(session: Session, invitation: Invitation, secret: str) -> bytes:
    """The workbook for this invitation, holding the vendor's current answers (for a round trip)."""
    expected, version = _expected(session, invitation, secret)
    city = get_city(session)
    answers = {a.control_id: {"value": a.value, "na": a.na, "comment": a.comment, "nondisclosure": a.nondisclosure,
                              "nondisclosure_reason": a.nondisclosure_reason} for a in invitation.answers}
    return workbook.build(workbook.Package(
        city=city.name if city else "", project=invitation.project.name,
        department=invitation.project.department.name, vendor=invitation.vendor.name,
        deadline=format_date(invitation.answer_deadline), invitation_id=invitation.id,
        version_number=version.number, domains=version.content["domains"], items=version.content["items"],
        answers=answers, questions=[(q.published_body or q.body, q.answer) for q in qa.published(session, invitation.project_id)],
        signature=layout.signature(secret, invitation.id, version.number, version.content["items"])))


@dataclass(frozen=True)
class Imported:
    problems: list  # reader.Problem; empty when imported
    changed: int = 0
    files: int = 0
    submitted: bool = False


def _read(session, invitation, data: bytes, evidence_zip: bytes | None, secret: str):
    expected, version = _expected(session, invitation, secret)
    ids = {i["id"] for i in expected.items}
    files: list = []
    if data[:2] == b"PK" and not _is_xlsx(data):
        unpacked, problems = package.unpack(data, ids)
        if problems:
            return None, [], problems, version, {}
        if unpacked.workbook is None:
            return None, [], [reader.Problem("ZIP", "ZIPの中に回答用のExcelブック（.xlsx）がありません。")], version, {}
        data, files = unpacked.workbook, unpacked.files
    if evidence_zip:
        unpacked, problems = package.unpack(evidence_zip, ids)
        if problems:
            return None, [], problems, version, {}
        files += unpacked.files
    entries, problems, where = reader.read(data, expected)
    return entries, files, problems, version, where


def _is_xlsx(data: bytes) -> bool:
    """A workbook is a ZIP whose own members are [Content_Types].xml and xl/workbook.xml. Ask the
    central directory, not the raw bytes: a package ZIP made without compression (stored) shows
    the inner workbook's member names in its bytes too."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):  # truncated: judge by the bytes, to name it as it was meant
        return b"xl/workbook.xml" in data[:65536]
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def import_package(session: Session, actor: Actor, invitation: Invitation, data: bytes, evidence_zip: bytes | None,
                   secret: str, root: Path, max_bytes: int) -> Imported:
    entries, files, problems, version, where = _read(session, invitation, data, evidence_zip, secret)
    if problems:
        return Imported(problems)
    stored = questionnaires.entries_of(invitation)
    changed = {cid: e for cid, e in entries.items()
               if (e.value, e.na, e.comment, e.nondisclosure, e.nondisclosure_reason)
               != _key(stored.get(cid))}
    # 前回回答 returned in the workbook as they were: the vendor confirmed them by sending it back.
    changed.update({cid: replace(entries[cid], confirmed=True) for cid, e in stored.items()
                    if e.prefilled and cid in entries and cid not in changed})
    editable = questionnaires.editable_ids(invitation, version.content)
    problems = [reader.Problem(where.get(cid, cid), f"{cid} は現在変更できません（提出済み、回答期限後、または差戻し対象外）。")
                for cid in sorted(set(changed) - editable)]
    only = set(questionnaires.open_returns(invitation)) if invitation.state == "returned" else None
    problems += [reader.Problem(where.get(item["id"], item["id"]), f"{item['id']}: {why}")
                 for item, why in rules.missing(version.content["items"],
                                                {**stored, **{c: replace(e, prefilled=False) for c, e in changed.items()}},
                                                only)
                 if item["id"] in editable]
    uploads = [(cid, evidence.Upload(name, content, _kind(version.content, cid))) for cid, name, content in files]
    for cid, upload in uploads:
        if cid not in editable:
            problems.append(reader.Problem(f"ZIP: {cid}/{upload.filename}",
                                           f"{cid} は現在変更できないため、証跡を追加できません。"))
            continue
        try:
            evidence.validate(upload, max_bytes)
        except evidence.UploadRefused as e:
            problems.append(reader.Problem(f"ZIP: {cid}/{upload.filename}", str(e).split(": ", 1)[-1]))
    if problems:
        return Imported(problems)
    vendor = questionnaires.vendor_actor(invitation)
    questionnaires.save(session, invitation, version.content, changed, None)
    for cid, upload in uploads:
        evidence.upload(session, root, vendor, upload, project_id=invitation.project_id, control_id=cid,
                        invitation_id=invitation.id, max_bytes=max_bytes)
    submitted = bool(editable) and not questionnaires.submit(session, invitation, version, None)
    record(session, actor, "package.import", "invitation", invitation.id,
           after={"changed": sorted(changed), "files": len(uploads), "submitted": submitted})
    return Imported([], len(changed), len(uploads), submitted)


def _key(entry):
    if entry is None:
        return (None, False, "", False, "")
    return (entry.value, entry.na, entry.comment, entry.nondisclosure, entry.nondisclosure_reason)


def _kind(content: dict, cid: str) -> str:
    """Files from a folder take the item's first expected evidence kind (staff can see the file)."""
    item = next(i for i in content["items"] if i["id"] == cid)
    kinds = [e["kind"] for e in item["evidence"] if e["kind"] != "certificate"]
    return kinds[0] if kinds else "document"
