"""Every model module, imported so the metadata (and Alembic's autogenerate) sees all tables."""

from assess.audit.models import AuditEvent, AuditHead
from assess.auth.models import Department, LoginFailure, StaffSession, User
from assess.catalog.models import CatalogVersion

__all__ = ["AuditEvent", "AuditHead", "CatalogVersion", "Department", "LoginFailure",
           "StaffSession", "User"]
