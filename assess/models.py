"""Every model module, imported so the metadata (and Alembic's autogenerate) sees all tables."""

from assess.audit.models import AuditEvent, AuditHead
from assess.auth.models import Department, LoginThrottle, StaffSession, User
from assess.catalog.models import CatalogVersion
from assess.core.models import FormState, RateEvent
from assess.evidence.models import Evidence, Observation, RegisterCheck, SiteVisit, StoredFile
from assess.projects.models import City, Project, Tailoring
from assess.questionnaires.models import (
                                          Answer,
                                          CorrectionWindow,
                                          Invitation,
                                          ItemReturn,
                                          QuestionnaireVersion,
                                          Submission,
                                          VendorQuestion,
)
from assess.reviews.models import CandidateComment, CommitteeMember, Evaluation, Review
from assess.schedule.models import (
                                          ActionItem,
                                          CalendarFeed,
                                          Contract,
                                          KpiValue,
                                          Meeting,
                                          ReminderLog,
                                          ReviewRound,
)
from assess.vendors.models import Vendor

__all__ = ["FormState", "RateEvent", "ActionItem", "CalendarFeed", "Contract", "KpiValue", "Meeting", "ReminderLog", "ReviewRound",
           "Answer", "AuditEvent", "CorrectionWindow", "AuditHead", "CatalogVersion", "City", "Department", "Evidence",
           "Invitation", "ItemReturn", "LoginThrottle", "Observation", "Project",
           "QuestionnaireVersion", "RegisterCheck", "Review", "SiteVisit", "StaffSession",
           "Evaluation", "CommitteeMember", "CandidateComment",
           "StoredFile", "Submission", "Tailoring", "User", "Vendor", "VendorQuestion"]
