"""The staff page for reading the catalog: by domain, filtered by priority, searched."""

from flask import Blueprint, abort, render_template, request

from assess.auth.access import staff
from assess.catalog import browse, versions
from assess.catalog.schema import PRIORITY_LABELS
from assess.extensions import db

bp = Blueprint("catalog", __name__, url_prefix="/catalog", template_folder="templates")


@bp.get("/")
@staff()
def index():
    stored = versions.all_versions(db.session)
    chosen_id = request.args.get("version", type=int)
    version = next((v for v in stored if v.id == chosen_id), stored[0] if stored else None)
    if version is None:
        return render_template("catalog/empty.html")
    catalog = versions.as_catalog(version)
    domain = request.args.get("domain") or None
    priority = request.args.get("priority") or None
    query = (request.args.get("q") or "").strip()[:200] or None
    if domain and catalog.domain(domain) is None or priority and priority not in PRIORITY_LABELS:
        abort(404)
    controls = browse.select_controls(catalog, domain, priority, query)
    groups = [(d, [browse.view_of(c) for c in controls if c.domain_id == d.id])
              for d in sorted(catalog.meta.domains, key=lambda d: d.order)]
    sources = {s.id: s for s in catalog.meta.sources}
    return render_template(
        "catalog/index.html", catalog=catalog, version=version, versions=stored,
        groups=[(d, views) for d, views in groups if views], found=len(controls),
        domain=domain or "", priority=priority or "", query=query or "",
        priorities=PRIORITY_LABELS, sources=sources,
    )
