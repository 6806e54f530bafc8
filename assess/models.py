"""Every model module, imported so the metadata (and Alembic's autogenerate) sees all tables."""

from assess.audit.models import AuditEvent, AuditHead
from assess.auth.models import Department, LoginFailure, StaffSession, User
from assess.catalog.models import CatalogVersion
from assess.projects.models import City, Project, Tailoring

__all__ = ["AuditEvent", "AuditHead", "CatalogVersion", "City", "Department", "LoginFailure",
           "Project", "StaffSession", "Tailoring", "User"]
