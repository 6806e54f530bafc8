"""The one upload pipeline (vendor page, site visits, imports) and reading evidence back.
Services flush; the caller commits, after the files are safely on disk."""

import logging
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.audit.services import Actor, record
from assess.evidence import budget, images, pdf, sniff, store
from assess.evidence.models import Evidence, RegisterCheck, StoredFile
from assess.util.clock import utcnow

log = logging.getLogger(__name__)

# A 60-megapixel HEIC decodes in about two seconds on our machines; five files fit in one request
# under gunicorn's 30-second worker timeout (a PDF's budget is in pdf.py, also 5 s in all).
IMAGE_SECONDS = 5
KIND_LABELS = {"certificate": "証明書", "document": "文書", "diagram": "図面", "photo": "写真",
               "log_sample": "ログの抜粋", "record": "記録"}


class UploadRefused(ValueError):
    """Nothing was stored; the message names the file and the reason."""


class StoreUnavailable(UploadRefused):
    """The file was fine but the evidence store could not take it (logged for the administrator)."""


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    kind: str  # certificate | document | diagram | photo | log_sample | record
    valid_until: date | None = None
    registration_number: str = ""
    nondisclosure: bool = False
    nondisclosure_reason: str = ""


def display_name(raw: str) -> str:
    """A name for people: no folders, no control characters, at most 200 characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[:200] or "無題"


def size_text(n: int) -> str:
    """20MB, 2.5MB, 300KB, 12バイト."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f}".removesuffix(".0") + "MB"
    if n >= 1024:
        return f"{n / 1024:.0f}KB"
    return f"{n}バイト"


def check(upload: Upload, max_bytes: int) -> sniff.Sniffed:
    """Every rule a file must pass, before anything is written."""
    name = display_name(upload.filename)
    if upload.kind not in KIND_LABELS:
        raise UploadRefused(f"{name}: 証跡の種類を選んでください。")
    if len(upload.data) > max_bytes:
        raise UploadRefused(f"{name}: ファイルが大きすぎます（上限 {size_text(max_bytes)}、"
                            f"このファイル {size_text(len(upload.data))}）。")
    if upload.kind == "certificate" and (upload.valid_until is None or not upload.registration_number.strip()):
        raise UploadRefused(f"{name}: 証明書は有効期限と登録番号を入力してください。")
    if upload.nondisclosure and not upload.nondisclosure_reason.strip():
        raise UploadRefused(f"{name}: 非開示を希望する理由を入力してください。")
    try:
        return sniff.sniff(upload.data)
    except sniff.Refused as e:
        raise UploadRefused(f"{name}: {e}") from None


def _facts(kind: str, data: bytes, name: str) -> images.Facts:
    """Decoded in a budgeted child process (time and memory), never in the worker."""
    try:
        if kind in sniff.IMAGE_KINDS:
            return budget.run(images.image_facts, data, IMAGE_SECONDS)
        if kind == "pdf":
            return pdf.facts(data)
    except budget.OverBudget:
        raise UploadRefused(f"{name}: 画像の読み込みに時間がかかりすぎるか、必要なメモリが大きすぎるため"
                            "受け付けません。画素数を減らして提出してください。") from None
    except sniff.Refused as e:
        raise UploadRefused(f"{name}: {e}") from None
    return images.Facts()


def validate(upload: Upload, max_bytes: int) -> tuple[sniff.Sniffed, images.Facts]:
    """Every check a file must pass, including opening images and PDFs; nothing is written."""
    found = check(upload, max_bytes)
    return found, _facts(found.kind, upload.data, display_name(upload.filename))


def upload(session: Session, root: Path, actor: Actor, upload: Upload, *, project_id: int,
           control_id: str, invitation_id: int | None = None, site_visit_id: int | None = None,
           max_bytes: int) -> Evidence:
    found, facts = validate(upload, max_bytes)
    name = display_name(upload.filename)
    try:
        sha256 = store.put(root, upload.data)  # on disk (and synced) before any row points at it
        if facts.thumbnail:
            store.put_thumb(root, sha256, facts.thumbnail)
    except OSError as e:  # disk full, permissions, a volume gone: the caller keeps the rest
        log.error("evidence store not writable at %s: %s", root, e)
        raise StoreUnavailable(f"{name}: 証跡ファイルの保存先に書き込めないため、このファイルは保存できませんでした"
                               "（システムの問題です。管理者に連絡してください）。") from None
    stored = session.get(StoredFile, sha256)
    if stored is None:
        stored = StoredFile(sha256=sha256, size=len(upload.data), kind=found.kind, mime=found.mime,
                            pages=facts.pages, width=facts.width, height=facts.height,
                            taken_at=facts.taken_at, camera=facts.camera,
                            has_thumb=facts.thumbnail is not None, created_at=utcnow())
        session.add(stored)
    evidence = Evidence(project_id=project_id, invitation_id=invitation_id, site_visit_id=site_visit_id,
                        control_id=control_id, sha256=sha256, display_name=name, kind=upload.kind,
                        valid_until=upload.valid_until,
                        registration_number=upload.registration_number.strip()[:100],
                        nondisclosure=upload.nondisclosure,
                        nondisclosure_reason=upload.nondisclosure_reason.strip(),
                        uploaded_by=actor.name, uploaded_at=utcnow(), file=stored)
    session.add(evidence)
    session.flush()
    record(session, actor, "evidence.upload", "evidence", evidence.id,
           after={"control": control_id, "name": name, "sha256": sha256, "type": found.kind,
                  "kind": upload.kind, "valid_until": upload.valid_until,
                  "registration_number": evidence.registration_number,
                  "invitation": invitation_id, "site_visit": site_visit_id})
    return evidence


def remove(session: Session, actor: Actor, evidence: Evidence) -> None:
    """Taken out of the answer; the file and the row stay for the audit trail."""
    if evidence.removed_at is None:
        evidence.removed_at = utcnow()
        session.flush()
        record(session, actor, "evidence.remove", "evidence", evidence.id,
               before={"name": evidence.display_name, "sha256": evidence.sha256})


def of_invitation(session: Session, invitation_id: int) -> list[Evidence]:
    return list(session.scalars(select(Evidence).where(Evidence.invitation_id == invitation_id,
                                                       Evidence.removed_at.is_(None))
                                .options(selectinload(Evidence.checks)).order_by(Evidence.id)))


def of_site_visit(session: Session, visit_id: int) -> list[Evidence]:
    return list(session.scalars(select(Evidence).where(Evidence.site_visit_id == visit_id,
                                                       Evidence.removed_at.is_(None))
                                .order_by(Evidence.id)))


def of_site_visits(session: Session, visit_ids: list[int]) -> list[Evidence]:
    return list(session.scalars(select(Evidence).where(Evidence.site_visit_id.in_(visit_ids),
                                                       Evidence.removed_at.is_(None))
                                .options(selectinload(Evidence.checks)).order_by(Evidence.id)))


def by_control(items: list[Evidence]) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = {}
    for e in items:
        out.setdefault(e.control_id, []).append(e)
    return out


def record_download(session: Session, actor: Actor, evidence: Evidence) -> None:
    record(session, actor, "evidence.download", "evidence", evidence.id,
           after={"name": evidence.display_name})


def add_register_check(session: Session, actor: Actor, evidence: Evidence, register: str,
                       result: str, checked_on: date) -> RegisterCheck:
    register, result = register.strip(), result.strip()
    if not register or not result:
        raise UploadRefused("確認した公開台帳と、確認した内容を入力してください。")
    check_row = RegisterCheck(evidence_id=evidence.id, register=register[:100], result=result,
                              checked_on=checked_on, checked_by=actor.name, recorded_at=utcnow())
    evidence.checks.append(check_row)
    session.flush()
    record(session, actor, "evidence.register_check", "evidence", evidence.id,
           after={"register": register, "result": result, "checked_on": checked_on})
    return check_row
