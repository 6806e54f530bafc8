"""Helpers the tests import (fixtures live in conftest.py)."""

import re

PASSWORD = "correct-horse-battery-9"


def csrf_token(client) -> str:
    """The token every page carries (in the language switch form)."""
    html = client.get("/login", follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def post(client, url, data=None, **kwargs):
    """A form POST the way a browser sends it: with the CSRF token."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)}, **kwargs)
