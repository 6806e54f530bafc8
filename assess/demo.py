"""Demo data for a fictional city, みどり市. Idempotent: what exists already is left as it is."""

from sqlalchemy import select

from assess.audit.services import Actor
from assess.auth import services as accounts
from assess.auth.models import User
from assess.extensions import db

DEMO_PASSWORD = "midori-demo-2026"  # noqa: S105 - demo only, printed by `assess demo`

DEPARTMENTS = (
    ("johoseisaku", "情報政策課"),
    ("shiminzei", "市民税課"),
    ("kouhou", "広報広聴課"),
)

USERS = (
    ("admin@city.midori.example.jp", "情報 太郎", "admin", "johoseisaku"),
    ("zeimu@city.midori.example.jp", "税務 花子", "staff", "shiminzei"),
    ("kouhou@city.midori.example.jp", "広報 次郎", "staff", "kouhou"),
    ("kansa@city.midori.example.jp", "監査 三郎", "auditor", "johoseisaku"),
)


def load() -> list[str]:
    actor = Actor("system:demo")
    departments = {code: accounts.ensure_department(db.session, code, name)
                   for code, name in DEPARTMENTS}
    for email, name, role, dept in USERS:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            accounts.create_user(db.session, email=email, name=name, role=role,
                                 password=DEMO_PASSWORD, department=departments[dept], actor=actor)
    db.session.commit()
    lines = ["デモデータ（みどり市）を用意しました。ログイン（デモ用）:"]
    lines += [f"  {role:8} {email}  パスワード {DEMO_PASSWORD}" for email, _n, role, _d in USERS]
    return lines
