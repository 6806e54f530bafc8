"""A project's profile as stored (JSON) and as the rules read it (Profile), with labels."""

from assess.catalog.applicability import Profile
from assess.catalog.browse import PROFILE_LABELS

DATA_KINDS = {"none": "個人情報なし", "personal": "個人情報", "sensitive": "要配慮個人情報",
              "my_number": "特定個人情報（マイナンバー）"}
ZONES = {"my_number": "マイナンバー利用事務系", "lgwan": "LGWAN接続系",
         "internet": "インターネット接続系", "offline": "接続なし"}
LOCATIONS = {"city_office": "庁舎内", "vendor_site": "委託先施設", "cloud": "クラウド",
             "telework": "テレワーク"}
NETWORK_MODELS = {"alpha": "αモデル", "alpha_prime": "α'モデル", "beta": "βモデル",
                  "beta_prime": "β'モデル"}
WORK_TYPES = PROFILE_LABELS["work_type"][1]
SECTORS = PROFILE_LABELS["sector"][1]
STATUS_LABELS = {"draft": "下書き", "open": "回答受付中", "evaluating": "評価中",
                 "contracted": "契約済", "closed": "終了"}


def empty() -> dict:
    return {"data": [], "zone": None, "location": [], "cloud": False, "cloud_services": "",
            "subcontract": False, "residents_contact": False, "records": 0, "work_type": None,
            "sector": [], "standard_systems": False}


def to_profile(stored: dict, network_model: str | None) -> Profile:
    return Profile(data=frozenset(stored.get("data", ())), zone=stored.get("zone"),
                   location=frozenset(stored.get("location", ())),
                   cloud=bool(stored.get("cloud")), subcontract=bool(stored.get("subcontract")),
                   residents_contact=bool(stored.get("residents_contact")),
                   records=int(stored.get("records") or 0), network_model=network_model,
                   work_type=stored.get("work_type"), sector=frozenset(stored.get("sector", ())),
                   standard_systems=bool(stored.get("standard_systems")))


def describe(stored: dict) -> list[tuple[str, str]]:
    """(label, value) rows for showing a profile."""
    yes_no = {True: "あり", False: "なし"}
    return [
        ("業務の種類", WORK_TYPES.get(stored.get("work_type"), "未入力")),
        ("取り扱う情報", "・".join(DATA_KINDS[d] for d in stored.get("data", ())) or "未入力"),
        ("ネットワーク", ZONES.get(stored.get("zone"), "未入力")),
        ("作業場所", "・".join(LOCATIONS[x] for x in stored.get("location", ())) or "未入力"),
        ("クラウドサービスの利用", yes_no[bool(stored.get("cloud"))]
         + (f"（{stored['cloud_services']}）" if stored.get("cloud_services") else "")),
        ("再委託", yes_no[bool(stored.get("subcontract"))]),
        ("住民への直接対応", yes_no[bool(stored.get("residents_contact"))]),
        ("標準準拠システム・ガバメントクラウド", "関わる" if stored.get("standard_systems") else "関わらない"),
        ("法令上の守秘義務", "・".join(SECTORS[s] for s in stored.get("sector", ())) or "なし"),
        ("取り扱う件数", f"{int(stored.get('records') or 0):,}件"),
    ]
