"""Form helpers shared by every domain."""

from wtforms import SelectChoice


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs or a dict as WTForms choices."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]
