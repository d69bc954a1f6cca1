"""Small create_* functions that build test data and commit it."""

from __future__ import annotations

import functools
import itertools

from sqlalchemy import select

from coproduce.accounts.models import Area, Membership, Organisation, User
from coproduce.columns import utcnow
from coproduce.extensions import db
from coproduce.slugs import slugify

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def create_user(name: str | None = None, email: str | None = None, *, confirmed: bool = True,
                site_admin: bool = False, language: str = "en", listed: bool = True,
                password: str = PASSWORD) -> User:
    n = next(_counter)
    name = name or f"Person {n}"
    user = User(name=name, email=email or f"{slugify(name)}-{n}@example.org",
                email_confirmed_at=utcnow() if confirmed else None, is_site_admin=site_admin,
                preferred_language=language, listed_publicly=listed)
    if password == PASSWORD:
        user.password_hash = fast_hash()  # scrypt costs ~0.1 s a user; tests make hundreds
    else:
        user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


@functools.cache
def fast_hash() -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def create_area(code: str = "glanmor", name: str = "Glanmôr") -> Area:
    area = db.session.get(Area, code)
    if area is None:
        area = Area(code=code, name_en=name, name_cy=name, is_wales_wide=False)
        db.session.add(area)
        db.session.commit()
    return area


def create_organisation(name: str | None = None, kind: str = "community", area: str = "cardiff",
                        *, verified: bool = True) -> Organisation:
    name = name or f"Organisation {next(_counter)}"
    if db.session.get(Area, area) is None:
        create_area(area, area.title())
    organisation = Organisation(name=name, slug=slugify(name), kind=kind, area_code=area,
                                verified_at=utcnow() if verified and kind == "community" else None)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def add_member(user: User, organisation: Organisation, *, role: str = "member", status: str = "approved",
               signatory: bool = False, note: str = "") -> Membership:
    membership = Membership(user=user, organisation=organisation, role=role, status=status,
                            is_signatory=signatory, request_note=note)
    db.session.add(membership)
    db.session.commit()
    return membership


def reload(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def outbox_to(address: str):
    from coproduce.notifications.models import OutboxMessage

    db.session.expire_all()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)
    ).all()
