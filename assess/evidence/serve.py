"""Serving stored evidence over HTTP (shared by the vendor link and staff pages)."""

from pathlib import Path

from flask import abort, current_app, send_file

from assess.evidence import sniff, store
from assess.evidence.models import Evidence


def root() -> Path:
    return Path(current_app.config["EVIDENCE_DIR"])


def send_original(found: Evidence):
    """Always as an attachment with the type we detected and a name ending in its extension: a
    browser never runs an upload, and Explorer never opens a text file named .hta as an app."""
    response = send_file(store.path_of(root(), found.sha256), mimetype=found.file.mime, as_attachment=True,
                         download_name=sniff.download_name(found.display_name, found.file.kind), max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def send_thumb(found: Evidence):
    if not found.file.has_thumb:
        abort(404)
    return send_file(store.thumb_path(root(), found.sha256), mimetype="image/jpeg", max_age=0)
