"""Storing and reading catalog versions. Editing `controls/` makes a new version; an existing
version's content never changes, so a project pinned to it never changes silently."""

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.audit.chain import canonical_json
from assess.audit.services import Actor, record
from assess.catalog.models import CatalogVersion
from assess.catalog.schema import Catalog
from assess.util.bounded import BoundedCache, approx_size
from assess.util.clock import utcnow


def content_hash(catalog: Catalog) -> str:
    """Over the parsed content, so comments and layout in the YAML do not make a new version."""
    return hashlib.sha256(canonical_json(catalog.model_dump(mode="json")).encode()).hexdigest()


def store(session: Session, catalog: Catalog, actor: Actor) -> tuple[CatalogVersion, bool]:
    """The stored version for this content, and whether it was created now."""
    digest = content_hash(catalog)
    existing = session.scalar(select(CatalogVersion).where(
        CatalogVersion.catalog_key == catalog.meta.id, CatalogVersion.content_hash == digest))
    if existing is not None:
        return existing, False
    version = CatalogVersion(catalog_key=catalog.meta.id, label=catalog.meta.version,
                             content_hash=digest, content=catalog.model_dump(mode="json"),
                             control_count=len(catalog.controls), loaded_at=utcnow())
    session.add(version)
    session.flush()
    record(session, actor, "catalog.load", "catalog_version", version.id,
           after={"catalog": catalog.meta.id, "version": catalog.meta.version,
                  "hash": digest, "controls": len(catalog.controls)})
    return version, True


def latest(session: Session, catalog_key: str | None = None) -> CatalogVersion | None:
    query = select(CatalogVersion).order_by(CatalogVersion.id.desc()).limit(1)
    if catalog_key:
        query = query.where(CatalogVersion.catalog_key == catalog_key)
    return session.scalar(query)


def all_versions(session: Session) -> list[CatalogVersion]:
    return list(session.scalars(select(CatalogVersion).order_by(CatalogVersion.id.desc())))


# Parsed catalogs by content hash (versions never change), bounded in bytes by the size of the
# stored content they were parsed from.
_parsed = BoundedCache(max_bytes=64 * 1024 * 1024)


def as_catalog(version: CatalogVersion) -> Catalog:
    """The frozen Catalog of a stored version; parsed once per process (versions never change)."""
    catalog = _parsed.get(version.content_hash)
    if catalog is None:
        catalog = _parsed.put(version.content_hash, Catalog.model_validate(version.content, strict=False),
                              size=approx_size(version.content))
    return catalog
