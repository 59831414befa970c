"""One row per speaker across articles, and the corrections people make to them.

At ingest, a name joins an existing speaker only on evidence that is recorded as the
alias's ``reason``: the same identity key (case, titles, middle initials aside), or an
alias the speaker already has that no other speaker shares (a surname, a user's merge).
A surname shared by two people joins neither: unknown beats wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.orm import Session

from quotetrack.errors import NotFound, QuotetrackError
from quotetrack.speakers.names import load_name_rules, person_key, plain_key, surname
from quotetrack.store.models import Attribution, Document, Speaker, SpeakerAlias
from quotetrack.store.upsert import (
    connection_of,
    driver_execute,
    in_list,
    insert_ignore,
    insert_rows,
)


def identity_key(name: str, kind: str) -> str:
    return person_key(name) if kind == "person" else plain_key(name)


def display_name(name: str, kind: str) -> str:
    """The name without leading titles, as written: "President Donald Trump" → "Donald Trump"."""
    words = " ".join(name.split()).split(" ")
    if kind != "person":
        return " ".join(words)
    leading = load_name_rules().leading
    while len(words) > 1 and words[0].lower().rstrip(".") in leading:
        words = words[1:]
    return " ".join(words)


def speaker_for(session: Session, name: str, kind: str) -> int:
    """The id of the speaker ``name`` means, creating the speaker when none matches.

    In order: a speaker with exactly this name; a name a user tied to one speaker (by a
    merge or rename); a speaker with the same identity key; an alias only one speaker
    has. A user's decision therefore wins over every automatic rule.
    """
    written, key = plain_key(name), identity_key(name, kind)
    found = _Known.read(session, [(name, kind)]).resolve(written, key)
    if found is not None:
        if written != key:
            _alias_same_person(session, found, name, key)
        return found
    return _create(session, display_name(name, kind), key, kind, name)


def speakers_for(
    session: Session | Connection, idents: list[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """:func:`speaker_for` of each (name, kind), in order, with the same results, in a
    handful of statements whatever the number of names: the speakers and aliases these
    names can mean are read in one pair of queries, the new speakers are created in one
    INSERT and every new alias in another, in the order one name at a time would have
    created them (so with the same ids). What a name creates is known to the names after
    it at once, under a provisional (negative) id until the rows are written. Only when
    another writer created one of the same speakers a moment ago (PostgreSQL) are the
    names resolved again one by one, as :func:`speaker_for` would."""
    pending = list(dict.fromkeys(idents))
    if not pending:
        return {}
    conn = connection_of(session)  # fetched once for the statements sent to the driver
    known = _Known.read(conn, pending)
    found: dict[tuple[str, str], int] = {}
    created: list[tuple[str, str, str]] = []  # (name, key, kind), provisional ids -1, -2, ...
    aliases: list[tuple[int, str, str]] = []  # (speaker id, alias, reason), in order
    for name, kind in pending:
        written, key = plain_key(name), identity_key(name, kind)
        speaker_id = known.resolve(written, key)
        if speaker_id is None:
            speaker_id = -(len(created) + 1)
            display = display_name(name, kind)
            created.append((display, key, kind))
            known.speakers[key] = speaker_id
            for alias, reason in _first_aliases(display, kind, name):
                aliases.append((speaker_id, alias, reason))
                known.aliases.setdefault(plain_key(alias), set()).add((speaker_id, "ingest"))
        elif written != key and not known.has_alias(speaker_id, written):
            aliases.append((speaker_id, name, _same_person(key)))
            known.aliases.setdefault(written, set()).add((speaker_id, "ingest"))
        found[(name, kind)] = speaker_id
    real = _create_many(conn, created)
    _add_aliases(conn, [(real.get(s, s), alias, reason) for s, alias, reason in aliases])
    if len(real) < len(created):  # another writer's speaker: resolve as speaker_for would
        return {ident: speaker_for(session, *ident) for ident in pending}
    return {ident: real.get(s, s) for ident, s in found.items()}


def _create_many(conn: Connection, created: list[tuple[str, str, str]]) -> dict[int, int]:
    """Insert these (name, key, kind) speakers, in this order, one statement per
    ``CHUNK``: provisional id (-1 for the first) -> id, for those not created by another
    writer a moment ago. Rows are inserted in the order of the VALUES list, so the ids
    are those that one INSERT per speaker, in that order, gave."""
    provisional = {key: -(i + 1) for i, (_, key, _) in enumerate(created)}
    real: dict[int, int] = {}
    for i in range(0, len(created), CHUNK):
        chunk = created[i : i + CHUNK]
        params = [v for row in chunk for v in row]
        sql = _CREATE_SPEAKERS.format(", ".join(["(?, ?, ?)"] * len(chunk)))
        for key, speaker_id in driver_execute(conn, sql, params).fetchall():
            real[provisional[key]] = speaker_id
    return real


CHUNK = 500  # speakers per INSERT
_CREATE_SPEAKERS = (
    'INSERT INTO "speakers" ("name", "key", "kind") VALUES {} '
    'ON CONFLICT ("key") DO NOTHING RETURNING "key", "id"'
)


def _add_aliases(conn: Connection, rows: list[tuple[int, str, str]]) -> None:
    """Add automatic aliases, (speaker id, alias, reason), in one statement; one a speaker
    has already is left as it is. Aliases of a speaker not created (provisional id) are
    left out: the names are resolved again (see :func:`speakers_for`)."""
    insert_rows(
        conn,
        SpeakerAlias.__table__,
        ("speaker_id", "alias", "key", "reason", "origin"),
        [(s, alias, plain_key(alias), reason, "ingest") for s, alias, reason in rows if s > 0],
        ignore=True,
    )


# Sent to the driver as they are (store/upsert.py): text and integers, nothing to convert.
_SPEAKERS_BY_KEY = 'SELECT "key", "id" FROM "speakers" WHERE "key" IN ({})'
_ALIASES_BY_KEY = 'SELECT "key", "speaker_id", "origin" FROM "speaker_aliases" WHERE "key" IN ({})'


@dataclass
class _Known:
    """The speakers and aliases that some names may mean, as read at one moment."""

    speakers: dict[str, int]  # key -> speaker id
    aliases: dict[str, set[tuple[int, str]]]  # alias key -> {(speaker id, origin)}

    @classmethod
    def read(cls, session: Session | Connection, idents: list[tuple[str, str]]) -> _Known:
        keys = sorted({k for n, kind in idents for k in (plain_key(n), identity_key(n, kind))})
        if not keys:
            return cls({}, {})
        marks = in_list(len(keys))
        speakers = dict(driver_execute(session, _SPEAKERS_BY_KEY.format(marks), keys).fetchall())
        aliases: dict[str, set[tuple[int, str]]] = {}
        found = driver_execute(session, _ALIASES_BY_KEY.format(marks), keys).fetchall()
        for key, speaker_id, origin in found:
            aliases.setdefault(key, set()).add((speaker_id, origin))
        return cls(speakers, aliases)

    def resolve(self, written: str, key: str) -> int | None:
        """The speaker these keys mean, None when there is none (see :func:`speaker_for`
        for the order of the rules)."""
        found = self.speakers.get(written)
        if found is None:
            found = self._sole_owner({written}, user_only=True)
        if found is None and key != written:
            found = self.speakers.get(key)
        if found is None:
            found = self._sole_owner({written, key})
        return found

    def _sole_owner(self, keys: set[str], user_only: bool = False) -> int | None:
        owners = {
            speaker_id
            for k in keys
            for speaker_id, origin in self.aliases.get(k, ())
            if not user_only or origin == "user"
        }
        return owners.pop() if len(owners) == 1 else None

    def has_alias(self, speaker_id: int, key: str) -> bool:
        return any(s == speaker_id for s, _ in self.aliases.get(key, ()))


def _alias_same_person(session: Session | Connection, speaker_id: int, name: str, key: str) -> None:
    add_alias(session, speaker_id, name, _same_person(key))


def _same_person(key: str) -> str:
    return f"same person as {key!r}: titles and initials aside"


def _first_aliases(name: str, kind: str, as_written: str) -> list[tuple[str, str]]:
    """A new speaker's aliases, (alias, reason): the name as written when a title made it
    differ, and a person's surname."""
    aliases = []
    if plain_key(as_written) != plain_key(name):
        aliases.append((as_written, "the name as first written, with its title"))
    family = surname(name) if kind == "person" else None
    if family:
        aliases.append((family.title() if family.islower() else family, f"surname of {name}"))
    return aliases


def _create(session: Session, name: str, key: str, kind: str, as_written: str) -> int:
    """Create the speaker and its first aliases; its id (that of the speaker another
    writer created a moment ago, when one did)."""
    new_id = insert_ignore(
        session, Speaker.__table__, {"name": name, "key": key, "kind": kind}, ["key"]
    )
    if new_id is None:  # another writer created it a moment ago
        return session.scalar(select(Speaker.id).where(Speaker.key == key))
    for alias, reason in _first_aliases(name, kind, as_written):
        add_alias(session, new_id, alias, reason)
    return new_id


def add_alias(
    session: Session | Connection,
    speaker_id: int,
    alias: str,
    reason: str,
    origin: str = "ingest",
) -> None:
    """Record that ``alias`` means this speaker, and why. A user's word replaces the
    reason an automatic rule gave for the same alias."""
    values = {"speaker_id": speaker_id, "alias": alias, "key": plain_key(alias)}
    insert_ignore(
        session,
        SpeakerAlias.__table__,
        {**values, "reason": reason, "origin": origin},
        ["speaker_id", "key"],
    )
    if origin == "user":
        session.execute(
            update(SpeakerAlias)
            .where(SpeakerAlias.speaker_id == speaker_id, SpeakerAlias.key == values["key"])
            .values(reason=reason, origin=origin)
        )


# ----------------------------------------------------------------------------- corrections


def find_one(session: Session, name: str) -> Speaker:
    """The single speaker a name means, for commands that change one."""
    key = plain_key(name)
    speaker = session.scalar(select(Speaker).where(Speaker.key.in_({key, person_key(name)})))
    if speaker is not None:
        return speaker
    owners = session.scalars(
        select(Speaker).join(SpeakerAlias).where(SpeakerAlias.key == key).distinct()
    ).all()
    if len(owners) == 1:
        return owners[0]
    if owners:
        names = ", ".join(sorted(s.name for s in owners))
        raise QuotetrackError(f"{name!r} could be any of: {names}; give the full name")
    raise NotFound(f"no speaker matches {name!r} (list them with: quotetrack speakers)")


def merge(session: Session, keep_name: str, other_name: str) -> Speaker:
    """Make ``other`` the same speaker as ``keep``: its statements and names move over."""
    keep, other = find_one(session, keep_name), find_one(session, other_name)
    if keep.id == other.id:
        raise QuotetrackError(f"{keep.name!r} and {other.name!r} are already one speaker")
    reason = f"merged by a user into {keep.name}"
    session.execute(
        update(Attribution).where(Attribution.speaker_id == other.id).values(speaker_id=keep.id)
    )
    for alias in session.scalars(
        select(SpeakerAlias).where(SpeakerAlias.speaker_id == other.id)
    ).all():
        add_alias(session, keep.id, alias.alias, reason, "user")
    session.execute(delete(SpeakerAlias).where(SpeakerAlias.speaker_id == other.id))
    session.delete(other)
    session.flush()
    add_alias(session, keep.id, other.name, reason, "user")
    return keep


def rename(session: Session, name: str, new_name: str) -> Speaker:
    """Give a speaker a new canonical name; the old one stays as an alias."""
    speaker = find_one(session, name)
    new_key = identity_key(new_name, speaker.kind)
    clash = session.scalar(select(Speaker).where(Speaker.key == new_key, Speaker.id != speaker.id))
    if clash is not None:
        raise QuotetrackError(f"{clash.name!r} already exists; use: quotetrack speakers merge")
    old = speaker.name
    speaker.name, speaker.key = " ".join(new_name.split()), new_key
    session.flush()
    add_alias(session, speaker.id, old, f"renamed by a user to {speaker.name}", "user")
    return speaker


def split(session: Session, name: str, alias: str) -> Speaker:
    """Undo a wrong merge: statements made under ``alias`` become a speaker of their own,
    and the alias no longer leads to the old speaker, now or in later ingests."""
    speaker = find_one(session, name)
    alias_key = plain_key(alias)
    owned = session.scalar(
        select(SpeakerAlias).where(
            SpeakerAlias.speaker_id == speaker.id, SpeakerAlias.key == alias_key
        )
    )
    moving = select(Attribution.id).where(
        Attribution.speaker_id == speaker.id, func.lower(Attribution.speaker_name) == alias_key
    )
    if owned is None and session.scalar(select(func.count()).select_from(moving.subquery())) == 0:
        raise NotFound(f"{speaker.name!r} has no alias or statements named {alias!r}")
    if owned is not None:
        session.delete(owned)
        session.flush()
    # The exact name is the new speaker's key: a later ingest of that name finds it
    # before any rule that would join it to the old speaker again.
    new_key = plain_key(alias)
    target = session.scalar(select(Speaker).where(Speaker.key == new_key))
    if target is None:
        target = Speaker(name=" ".join(alias.split()), key=new_key, kind=speaker.kind)
        session.add(target)
        session.flush()
    session.execute(
        update(Attribution)
        .where(Attribution.id.in_(moving.scalar_subquery()))
        .values(speaker_id=target.id)
    )
    return target


@dataclass(frozen=True, slots=True)
class Profile:
    speaker: dict
    aliases: list[dict]
    roles: list[dict]


def profile(session: Session, name: str) -> Profile:
    """Everything ``speakers show`` prints: counts, first and last seen, aliases, roles."""
    speaker = find_one(session, name)
    day = func.coalesce(Attribution.said_on_day, Document.published)
    stats = session.execute(
        select(
            func.count(Attribution.id),
            func.count(func.distinct(Attribution.document_id)),
            func.min(day),
            func.max(day),
        )
        .join(Document, Document.id == Attribution.document_id)
        .where(Attribution.speaker_id == speaker.id)
    ).one()
    aliases = [
        {"alias": a.alias, "reason": a.reason, "origin": a.origin}
        for a in session.scalars(
            select(SpeakerAlias)
            .where(SpeakerAlias.speaker_id == speaker.id)
            .order_by(SpeakerAlias.alias)
        )
    ]
    roles = [
        {"role": role, "first_seen": first, "last_seen": last, "attributions": n}
        for role, first, last, n in session.execute(
            select(Attribution.role, func.min(day), func.max(day), func.count())
            .join(Document, Document.id == Attribution.document_id)
            .where(Attribution.speaker_id == speaker.id, Attribution.role.is_not(None))
            .group_by(Attribution.role)
            .order_by(func.min(day))
        )
    ]
    return Profile(
        {
            "id": speaker.id,
            "name": speaker.name,
            "kind": speaker.kind,
            "attributions": stats[0],
            "documents": stats[1],
            "first_seen": stats[2],
            "last_seen": stats[3],
        },
        aliases,
        roles,
    )
