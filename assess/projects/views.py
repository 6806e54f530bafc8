"""Project pages: list, create, edit profile, tailor requirements, copy; city settings."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from assess.auth.access import staff
from assess.auth.models import Department
from assess.catalog.schema import PRIORITY_LABELS
from assess.core.forms import choices
from assess.core.scope import project_or_404
from assess.core.web import actor, keep_typed
from assess.extensions import db
from assess.projects import profile as profiles
from assess.projects import services
from assess.projects.forms import CityForm, CopyForm, ExcludeForm, ProjectForm, TailorForm

bp = Blueprint("projects", __name__, template_folder="templates")


def _project(project_id: int):
    return project_or_404(project_id)


def _editable(project_id: int):
    return project_or_404(project_id, edit=True)


def _department_choices(form: ProjectForm) -> None:
    query = select(Department).order_by(Department.name)
    if current_user.role != "admin":
        query = query.where(Department.id == current_user.department_id)
    form.department.choices = choices((d.id, d.name) for d in db.session.scalars(query))


def _data(form: ProjectForm) -> services.ProjectData:
    return services.ProjectData(
        name=form.name.data.strip(), department=db.session.get(Department, form.department.data),
        description=(form.description.data or "").strip(), contract_start=form.contract_start.data,
        contract_end=form.contract_end.data, deadline=form.deadline.data, profile=form.profile())


@bp.get("/projects/")
@staff()
def index():
    projects = services.visible_projects(db.session, current_user)
    return render_template("projects/index.html", projects=projects,
                           status_labels=profiles.STATUS_LABELS,
                           can_create=current_user.role in ("admin", "staff"))


@bp.route("/projects/new", methods=["GET", "POST"])
@staff("admin", "staff")
def create():
    form = ProjectForm()
    _department_choices(form)
    if request.method == "GET":
        form.department.data = current_user.department_id
    status = 200
    if form.validate_on_submit():
        try:
            project = services.create_project(db.session, actor(), _data(form))
        except services.ProjectError as e:
            flash(str(e), "error")
            db.session.rollback()
            status = 400
        else:
            db.session.commit()
            flash("案件を作成しました。適用される要件を確認してください。", "success")
            return redirect(url_for("projects.requirements", project_id=project.id))
    elif request.method == "POST":
        status = 400
    return render_template("projects/form.html", form=form, project=None), status


@bp.get("/projects/<int:project_id>")
@staff()
def show(project_id):
    project = _project(project_id)
    reqs = services.requirements_of(db.session, project)
    included = [r for r in reqs if r.included]
    counts = {key: sum(1 for r in included if r.priority == key) for key in PRIORITY_LABELS}
    return render_template("projects/show.html", project=project, profile=profiles.describe(project.profile),
                           status_label=profiles.STATUS_LABELS[project.status],
                           included=len(included), counts=counts, priorities=PRIORITY_LABELS,
                           copy_form=CopyForm(name=f"{project.name}（複写）"),
                           can_edit=services.can_edit(current_user, project))


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@staff("admin", "staff")
def edit(project_id):
    project = _editable(project_id)
    form = ProjectForm(obj=project if request.method == "GET" else None)
    _department_choices(form)
    if request.method == "GET":
        form.department.data = project.department_id
        form.fill_profile(project.profile)
    status = 200
    if form.validate_on_submit():
        try:
            added, removed = services.update_project(db.session, actor(), project, _data(form))
        except services.ProjectError as e:
            db.session.rollback()
            flash(str(e), "error")
            status = 400
        else:
            db.session.commit()
            flash(_change_message(added, removed), "success")
            _warn_unpublished(project)
            return redirect(url_for("projects.requirements", project_id=project.id))
    elif request.method == "POST":
        status = 400
    return render_template("projects/form.html", form=form, project=project), status


def _change_message(added: list[str], removed: list[str]) -> str:
    if not added and not removed:
        return "案件を保存しました。適用される要件に変更はありません。"
    parts = ["案件を保存しました。条件の変更により"]
    if added:
        parts.append(f"追加された要件: {'、'.join(added)}。")
    if removed:
        parts.append(f"対象外になった要件: {'、'.join(removed)}。")
    parts.append("職員による追加・除外・パラメータの変更はそのまま残っています。")
    return "".join(parts)


@bp.get("/projects/<int:project_id>/requirements")
@staff()
def requirements(project_id):
    project = _project(project_id)
    reqs = services.requirements_of(db.session, project)
    catalog_domains = sorted(project.catalog_version.content["meta"]["domains"], key=lambda d: d["order"])
    show_all = request.args.get("all") == "1"
    chosen = request.args.get("domain") or ""
    if chosen and chosen not in {d["id"] for d in catalog_domains}:
        abort(404)
    groups = [(d, [r for r in reqs if r.control.domain_id == d["id"] and (show_all or r.included)])
              for d in catalog_domains]
    counts = {d["id"]: len(rs) for d, rs in groups}
    if chosen:  # a long catalog is read one domain at a time
        groups = [(d, rs) for d, rs in groups if d["id"] == chosen]
    kept = g.get("typed") or {}
    error = ({"control": kept["key"].removeprefix("tailor-"), "message": kept["message"], "values": kept["values"]}
             if kept.get("key", "").startswith("tailor-") else None)
    return render_template("projects/requirements.html", project=project, groups=groups, error=error,
                           domains=catalog_domains, counts=counts, chosen=chosen,
                           show_all=show_all, included=sum(r.included for r in reqs),
                           total=len(reqs), priorities=PRIORITY_LABELS,
                           can_edit=services.can_edit(current_user, project),
                           form=TailorForm(), exclude_form=ExcludeForm())


def _back(project, control_id):
    return redirect(url_for("projects.requirements", project_id=project.id, all=request.args.get("all"),
                            domain=request.args.get("domain")) + f"#{control_id}")


@bp.post("/projects/<int:project_id>/requirements/<control_id>/tailor")
@staff("admin", "staff")
def tailor(project_id, control_id):
    project = _editable(project_id)
    form = TailorForm()
    if not form.validate_on_submit():
        flash("優先度を選んでください。", "error")
        return _back(project, control_id)
    raw = {k.removeprefix("param-"): v for k, v in request.form.items() if k.startswith("param-")}
    return _apply(project, control_id, lambda: services.set_priority_and_params(
        db.session, actor(), project, control_id, form.priority.data, raw), "要件を更新しました")


@bp.post("/projects/<int:project_id>/requirements/<control_id>/exclude")
@staff("admin", "staff")
def exclude(project_id, control_id):
    project = _editable(project_id)
    form = ExcludeForm()
    if not form.validate_on_submit():
        message = " ".join(map(str, form.reason.errors))
        keep_typed(f"tailor-{control_id}", message)  # the reason typed comes back with the message
        flash(f"{control_id}: {message}", "error")
        return _back(project, control_id)
    return _apply(project, control_id, lambda: services.exclude_control(
        db.session, actor(), project, control_id, form.reason.data), "要件を除外しました")


@bp.post("/projects/<int:project_id>/requirements/<control_id>/include")
@staff("admin", "staff")
def include(project_id, control_id):
    project = _editable(project_id)  # CSRF is checked for every POST by CSRFProtect
    return _apply(project, control_id, lambda: services.include_control(
        db.session, actor(), project, control_id), "要件を対象に追加しました")


def _apply(project, control_id, change, done: str):
    try:
        change()
    except services.ProjectError as e:
        # Shown again at the item itself (the page is long), with what the user typed.
        keep_typed(f"tailor-{control_id}", str(e))
        flash(f"{control_id}: {e}", "error")
    else:
        db.session.commit()
        flash(f"{control_id}: {done}。", "success")
        _warn_unpublished(project)
    return _back(project, control_id)


UNPUBLISHED = ("この変更はまだ公開されていません。「質問票と招待」で変更通知を公開するまで、事業者の質問票にも、"
               "仕様書・特記事項・公募要領の別紙にも反映されません。")


def _warn_unpublished(project) -> None:
    """Once bidders have the questionnaire, an edit waits for its 変更通知 (fairness)."""
    from assess.questionnaires.services import latest_version  # the two services import each other

    if latest_version(db.session, project.id) is not None:
        flash(UNPUBLISHED, "warning")


@bp.post("/projects/<int:project_id>/copy")
@staff("admin", "staff")
def copy(project_id):
    project = _editable(project_id)
    form = CopyForm()
    if not form.validate_on_submit():
        flash(" ".join(map(str, form.name.errors)), "error")
        return redirect(url_for("projects.show", project_id=project.id))
    new, dropped = services.copy_project(db.session, actor(), project, form.name.data.strip())
    db.session.commit()
    message = "案件を複写しました（条件と要件の調整を引き継ぎ、最新のカタログを使います）。"
    if dropped:
        message += f" 最新のカタログにない要件は引き継いでいません: {'、'.join(dropped)}。"
    flash(message, "success")
    return redirect(url_for("projects.edit", project_id=new.id))


@bp.post("/projects/<int:project_id>/status")
@staff("admin", "staff")
def status(project_id):
    project = _editable(project_id)
    try:
        services.advance_status(db.session, actor(), project, request.form.get("to", ""))
    except services.ProjectError as e:
        db.session.rollback()
        flash(str(e), "error")
    else:
        db.session.commit()
        flash(f"状態を「{profiles.STATUS_LABELS[project.status]}」にしました。", "success")
    return redirect(url_for("projects.show", project_id=project.id))


@bp.route("/settings/city", methods=["GET", "POST"])
@staff("admin")
def city():
    current = services.get_city(db.session)
    form = CityForm(obj=current)
    if form.validate_on_submit():
        services.save_city(db.session, actor(), form.name.data.strip(), form.network_model.data,
                           form.date_style.data, form.parties.data, form.approval_labels.data)
        db.session.commit()
        flash("自治体の設定を保存しました。", "success")
        return redirect(url_for("projects.city"))
    return render_template("projects/city.html", form=form), 400 if request.method == "POST" else 200
