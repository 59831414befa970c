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
from quotetrack.store.upsert import driver_execute, in_list, insert_ignore


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


def speakers_for(session: Session, idents: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """:func:`speaker_for` of each (name, kind), in order, with the same results, but the
    speakers and aliases these names can mean are read in one pair of queries instead of
    several queries per name. What this call creates (a speaker, its aliases) is added to
    what was read, so the next names see it without reading again; only when another
    writer created the same speaker a moment ago is everything read afresh."""
    found: dict[tuple[str, str], int] = {}
    known: _Known | None = None
    pending = list(dict.fromkeys(idents))
    conn = session.connection()  # fetched once for the statements sent to the driver
    for i, (name, kind) in enumerate(pending):
        if known is None:
            known = _Known.read(conn, pending[i:])
        written, key = plain_key(name), identity_key(name, kind)
        speaker_id = known.resolve(written, key)
        if speaker_id is None:
            created = _create(conn, display_name(name, kind), key, kind, name, known)
            if created is None:  # another writer's: resolve the name as speaker_for would
                created = speaker_for(session, name, kind)
                known = None
            found[(name, kind)] = created
            continue
        if written != key and not known.has_alias(speaker_id, written):
            _alias_same_person(conn, speaker_id, name, key)
            known.aliases.setdefault(written, set()).add((speaker_id, "ingest"))
        found[(name, kind)] = speaker_id
    return found


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
    add_alias(session, speaker_id, name, f"same person as {key!r}: titles and initials aside")


def _create(
    session: Session | Connection,
    name: str,
    key: str,
    kind: str,
    as_written: str,
    known: _Known | None = None,
) -> int | None:
    """Create the speaker and its first aliases; its id. ``known``: what the caller read,
    to which the new rows are added; then None when another writer created the same
    speaker first (without ``known``, that speaker's id, which needs a Session)."""
    new_id = insert_ignore(
        session, Speaker.__table__, {"name": name, "key": key, "kind": kind}, ["key"]
    )
    if new_id is None:  # another writer created it a moment ago
        if known is not None:
            return None
        return session.scalar(select(Speaker.id).where(Speaker.key == key))
    aliases = []
    if plain_key(as_written) != plain_key(name):
        aliases.append((as_written, "the name as first written, with its title"))
    family = surname(name) if kind == "person" else None
    if family:
        aliases.append((family.title() if family.islower() else family, f"surname of {name}"))
    for alias, reason in aliases:
        add_alias(session, new_id, alias, reason)
    if known is not None:
        known.speakers[key] = new_id
        for alias, _ in aliases:
            known.aliases.setdefault(plain_key(alias), set()).add((new_id, "ingest"))
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
