"""Error pages speak Japanese and say what to do next."""

from tests.helpers import post


def test_unknown_route_gets_a_japanese_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "ページが見つかりません" in html and '<html lang="ja">' in html


def test_post_without_csrf_token_gets_400_with_a_clear_message(client):
    response = client.post("/login", data={"email": "a@b.jp", "password": "x" * 12})
    assert response.status_code == 400
    assert "CSRFトークンがないか" in response.get_data(as_text=True)


def test_english_is_available_for_the_session(client):
    post(client, "/lang", {"lang": "en", "next": "/login"})
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Email address" in html


def test_pages_carry_security_headers(client):
    headers = client.get("/login").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_no_page_or_stylesheet_refers_to_an_external_host(client):
    for url in ("/login", "/static/app.css", "/no-such-page"):
        with client.get(url) as response:
            body = response.get_data(as_text=True)
        assert "http://" not in body and "https://" not in body, url


def test_every_page_names_a_local_favicon_that_is_served(client):
    """Without a link the browser asks for /favicon.ico and logs a 404 on every page."""
    import re

    for url in ("/login", "/no-such-page"):
        html = client.get(url).get_data(as_text=True)
        found = re.search(r'<link rel="icon" href="([^"]+)"', html)
        assert found, url
        with client.get(found.group(1)) as icon:
            assert icon.status_code == 200 and icon.mimetype.startswith("image/")
