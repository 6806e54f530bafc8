"""The short durability run: gunicorn with concurrent vendors saving, SIGKILL mid-run, restart;
no acknowledged save lost, none half-written, the audit chain whole. (bench/durability.py
runs the long version.) On PostgreSQL it uses a scratch database beside the test one."""

import sys
from pathlib import Path

import pytest

from tests.helpers import scratch_database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import durability  # noqa: E402


@pytest.fixture
def database_url(tmp_path):
    yield from scratch_database(tmp_path, "durability")


def test_no_acknowledged_save_is_lost_when_the_server_is_killed(database_url, tmp_path):
    instance = tmp_path / "instance"
    vendors = durability.prepare(database_url, instance, 8)
    result = durability.run(database_url, instance, vendors, seconds=3.0, kill_after=1.5)
    assert result["acknowledged"] > 8, result  # saves went through before and after the kill
    assert result["lost"] == 0 and result["half_written"] == 0, result
    assert result["vendors_with_last_ack_found"] == 8 and result["audit_chain"] == "intact", result
