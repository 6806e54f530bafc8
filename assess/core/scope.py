"""Finding an object for the current staff member, or 404/403: one rule for every page.

Staff see their own department's projects (admins and auditors see all); another department's
object answers 404, as if it did not exist; changing needs edit rights on its project (403)."""

from flask import abort
from flask_login import current_user

from assess.extensions import db
from assess.projects import services as projects


def project_or_404(project_id: int, edit: bool = False):
    try:
        project = projects.project_for(db.session, current_user, project_id)
    except projects.NotVisible:
        abort(404)
    if edit and not projects.can_edit(current_user, project):
        abort(403)
    return project


def owned_or_404(model, object_id: int, project_id_of, edit: bool = False):
    """The row of `model`, checked through the project `project_id_of(row)` returns."""
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    project_or_404(project_id_of(found), edit)
    return found


def invitation_or_404(invitation_id: int, edit: bool = False):
    from assess.questionnaires.models import Invitation

    return owned_or_404(Invitation, invitation_id, lambda i: i.project_id, edit)
