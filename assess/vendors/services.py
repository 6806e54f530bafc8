"""Registering vendors. Services flush; the caller commits."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.util.clock import utcnow
from assess.vendors.corporate_number import normalise
from assess.vendors.models import Vendor


class VendorError(ValueError):
    pass


def all_vendors(session: Session) -> list[Vendor]:
    return list(session.scalars(select(Vendor).order_by(Vendor.name)))


def create_vendor(session: Session, actor: Actor, name: str, corporate_number: str,
                  contact_name: str, contact_email: str) -> Vendor:
    if len(name.strip()) > 200 or len(contact_name.strip()) > 100 or len(contact_email.strip()) > 254:
        raise VendorError("事業者名は200文字、担当者名は100文字、メールアドレスは254文字以内で入力してください。")
    number = normalise(corporate_number)
    existing = session.scalar(select(Vendor).where(Vendor.corporate_number == number))
    if existing is not None:
        raise VendorError(f"法人番号 {number} の事業者は既に登録されています（{existing.name}）。")
    vendor = Vendor(name=name.strip(), corporate_number=number, contact_name=contact_name.strip(),
                    contact_email=contact_email.strip(), created_at=utcnow())
    session.add(vendor)
    session.flush()
    record(session, actor, "vendor.create", "vendor", vendor.id,
           after={"name": vendor.name, "corporate_number": number,
                  "contact_name": vendor.contact_name, "contact_email": vendor.contact_email})
    return vendor
