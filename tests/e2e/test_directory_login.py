"""In a real browser, staff sign in with their directory account (a real slapd) and see their
department; a disabled account gets the same announced error as a wrong password, and a directory
that does not answer gives its own page."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.ldap_server import USER_PASSWORD, free_port

pytestmark = pytest.mark.browser


@pytest.fixture
def serve():
    servers = []

    def start(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server, thread in servers:
        server.shutdown()
        thread.join()


def _sign_in(page, base, username, password=USER_PASSWORD):
    page.goto(f"{base}/login")
    page.get_by_label("ユーザー名またはメールアドレス").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()


def test_staff_sign_in_with_the_directory_account(serve, make_directory_app, page):
    base = serve(make_directory_app())
    _sign_in(page, base, "suzuki")
    page.wait_for_url(f"{base}/")
    assert "鈴木 花子（職員・子育て支援課）" in page.inner_text("header")


def test_an_auditor_signs_in_and_a_disabled_account_is_refused(serve, make_directory_app, page):
    base = serve(make_directory_app())
    _sign_in(page, base, "yamada")
    alert = page.get_by_role("alert")
    assert "ユーザー名（メールアドレス）またはパスワードが正しくありません" in alert.inner_text()
    _sign_in(page, base, "sato")
    page.wait_for_url(f"{base}/")
    assert "（監査担当）" in page.inner_text("header")


def test_directory_down_page(serve, make_directory_app, page):
    base = serve(make_directory_app(AUTH_LDAP_SERVER_URI=f"ldap://127.0.0.1:{free_port()}", AUTH_LDAP_TIMEOUT=2))
    _sign_in(page, base, "tanaka")
    assert page.get_by_role("heading", level=1).inner_text() == "ディレクトリサーバーに接続できません"
