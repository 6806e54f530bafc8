"""The hash chain, pure: built links verify; any change, deletion or reordering is found."""

from dataclasses import replace
from datetime import datetime, timedelta

from assess.audit.chain import GENESIS, Link, link_hash, verify

KEY = b"k" * 32


def chain(n: int) -> list[Link]:
    links, prev = [], GENESIS
    start = datetime(2026, 4, 1, 9, 0)
    for i in range(1, n + 1):
        link = Link(id=i, seq=i, at=start + timedelta(minutes=i), actor="user:1",
                    action="project.update", object_type="project", object_id="7",
                    data=f'{{"after":{{"n":{i}}},"before":null}}', remote_addr="127.0.0.1",
                    prev_hash=prev)
        link = replace(link, hash=link_hash(link, KEY))
        links.append(link)
        prev = link.hash
    return links


def head(links):
    return (links[-1].seq, links[-1].hash) if links else None


def test_an_untouched_chain_verifies():
    links = chain(5)
    assert verify(links, head(links), KEY) is None
    assert verify([], None, KEY) is None


def test_an_edited_row_is_named():
    links = chain(5)
    tampered = links.copy()
    tampered[2] = replace(links[2], data='{"after":{"n":999},"before":null}')
    found = verify(tampered, head(links), KEY)
    assert (found.event_id, found.seq) == (3, 3)
    assert "この行の変更" in found.reason


def test_a_deleted_row_is_found_at_the_next_one():
    links = chain(5)
    found = verify(links[:2] + links[3:], head(links), KEY)
    assert found.event_id == 4
    assert "削除" in found.reason


def test_a_deleted_last_row_is_found_against_the_head():
    links = chain(5)
    found = verify(links[:-1], head(links), KEY)
    assert found is not None and "末尾" in found.reason


def test_a_rehashed_edit_still_breaks_the_next_link():
    links = chain(4)
    edited = replace(links[1], actor="user:2")
    edited = replace(edited, hash=link_hash(edited, KEY))
    found = verify([links[0], edited, *links[2:]], head(links), KEY)
    assert found.event_id == 3


def test_a_chain_rebuilt_without_the_key_does_not_verify():
    """Whoever can write to the database can recompute plain hashes, but not the keyed ones."""
    links = chain(3)
    forged, prev = [], GENESIS
    for link in links:
        changed = replace(link, actor="user:9", prev_hash=prev)
        changed = replace(changed, hash=link_hash(changed, b"guessed-key-0000"))
        forged.append(changed)
        prev = changed.hash
    found = verify(forged, head(forged), KEY)
    assert found.seq == 1 and "この行の変更" in found.reason


def test_an_anchor_recorded_outside_must_still_be_in_the_chain():
    links = chain(5)
    assert verify(links, head(links), KEY, {3: links[2].hash}) is None
    found = verify(links, head(links), KEY, {3: "f" * 64})
    assert found.seq == 3 and "外部に記録した" in found.reason
    found = verify(links, head(links), KEY, {9: links[2].hash})
    assert found.seq == 9 and "ありません" in found.reason
