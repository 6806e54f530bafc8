"""Which controls apply to a project: the catalog's `applies_if` rules against the project's
profile (pure). Every match also says why, in the words staff used to fill in the profile."""

from dataclasses import dataclass, field

from assess.catalog.browse import PROFILE_LABELS
from assess.catalog.schema import Condition

_SET_FIELDS = ("data", "location", "sector")  # the profile may hold several values
_ONE_FIELDS = ("zone", "network_model", "work_type")  # the profile holds one value
_BOOL_FIELDS = ("cloud", "subcontract", "residents_contact", "standard_systems")


@dataclass(frozen=True)
class Profile:
    """What the project is: the data handled, where and how the work is done."""

    data: frozenset[str] = field(default_factory=frozenset)
    zone: str | None = None
    location: frozenset[str] = field(default_factory=frozenset)
    cloud: bool = False
    subcontract: bool = False
    residents_contact: bool = False
    records: int = 0
    work_type: str | None = None
    sector: frozenset[str] = field(default_factory=frozenset)
    standard_systems: bool = False
    network_model: str | None = None  # the city's, copied in when rules are evaluated


def _label(name: str, value) -> str:
    title, values = PROFILE_LABELS[name]
    return f"{title}: {values.get(value, value)}"


def reasons(cond: Condition | None, profile: Profile) -> tuple[str, ...] | None:
    """None when the condition does not hold; otherwise the profile answers that satisfy it
    (empty for a control that always applies)."""
    if cond is None:
        return ()
    found: list[str] = []
    for name in _SET_FIELDS:
        wanted = getattr(cond, name)
        if wanted is not None:
            shared = [v for v in wanted if v in getattr(profile, name)]
            if not shared:
                return None
            title, values = PROFILE_LABELS[name]
            found.append(f"{title}: {'・'.join(values[v] for v in shared)}")
    for name in _ONE_FIELDS:
        wanted = getattr(cond, name)
        if wanted is not None:
            if getattr(profile, name) not in wanted:
                return None
            found.append(_label(name, getattr(profile, name)))
    for name in _BOOL_FIELDS:
        wanted = getattr(cond, name)
        if wanted is not None:
            if getattr(profile, name) != wanted:
                return None
            found.append(_label(name, wanted))
    if cond.min_records is not None:
        if profile.records < cond.min_records:
            return None
        found.append(f"件数: {profile.records:,}件（{cond.min_records:,}件以上）")
    if cond.any:
        alternatives = [r for r in (reasons(c, profile) for c in cond.any) if r is not None]
        if not alternatives:
            return None
        found += alternatives[0]
    return tuple(found)


def applies(cond: Condition | None, profile: Profile) -> bool:
    return reasons(cond, profile) is not None
