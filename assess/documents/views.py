"""Download buttons: each document rendered on request, named in Japanese."""

import io

from flask import Blueprint, abort, flash, redirect, request, send_file, url_for
from flask_login import current_user

from assess.auth.access import staff
from assess.documents import report_sources, sources
from assess.documents.render import DocumentError
from assess.extensions import db
from assess.projects import services as projects
from assess.util.clock import to_jst, utcnow

bp = Blueprint("documents", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def send_docx(data: bytes, name: str):
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=name, max_age=0)


@bp.get("/projects/<int:project_id>/documents/<kind>")
@staff()
def project_document(project_id, kind):
    if kind not in ("spec", "report", "terms", "tender"):
        abort(404)
    try:
        project = projects.project_for(db.session, current_user, project_id)
    except projects.NotVisible:
        abort(404)
    public = kind == "report" and request.args.get("public") == "1"
    try:
        if kind == "report":  # the 公開版 (for 情報公開 and for telling bidders their result) on ?public=1
            data = report_sources.report_document(db.session, project, public=public,
                                                  staff_comments=request.args.get("staff_comments") == "1")
        else:
            data = sources.project_document(db.session, project, kind, sources.reviewers_of(db.session, project))
    except DocumentError as e:
        flash(str(e), "error")
        return redirect(request.referrer if (request.referrer or "").startswith(request.host_url)
                        else url_for("projects.show", project_id=project.id))
    return send_docx(data, sources.file_name("report_public" if public else kind, project.name, to_jst(utcnow()).date()))
