"""The staff catalog page: by domain, filtered by priority, searched, in Japanese."""

from pathlib import Path

from assess.audit.services import Actor
from assess.catalog import loader, versions
from assess.extensions import db

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "catalog"


def _load_fixture(app):
    with app.app_context():
        versions.store(db.session, loader.load(FIXTURE), Actor.cli("test"))
        db.session.commit()


def test_without_a_loaded_catalog_the_page_says_how_to_load_one(client, make_user, login):
    login(make_user())
    assert "assess catalog load" in client.get("/catalog/").get_data(as_text=True)


def test_page_groups_by_domain_and_fills_parameters(app, client, make_user, login):
    _load_fixture(app)
    login(make_user())
    html = client.get("/catalog/").get_data(as_text=True)
    assert "4件の統制" in html
    assert html.index("情報管理体制（3）") < html.index("通信環境（1）")
    assert "受託者は、アクセスログを365日以上保管すること。" in html
    assert "取り扱う情報: 個人情報・要配慮個人情報・特定個人情報（マイナンバー）" in html
    assert '<span class="badge priority-must">必須</span>' in html


def test_filters_by_domain_priority_and_keyword(app, client, make_user, login):
    _load_fixture(app)
    login(make_user())
    by_domain = client.get("/catalog/?domain=NET").get_data(as_text=True)
    assert "1件の統制" in by_domain and "NET-01" in by_domain and "GOV-01" not in by_domain
    by_priority = client.get("/catalog/?priority=important").get_data(as_text=True)
    assert "2件の統制" in by_priority and "GOV-02" in by_priority and "GOV-03" in by_priority
    by_word = client.get("/catalog/?q=アクセスログ").get_data(as_text=True)
    assert "1件の統制" in by_word and "GOV-01" in by_word
    assert client.get("/catalog/?domain=XYZ").status_code == 404
