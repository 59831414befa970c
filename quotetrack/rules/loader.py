"""Load, validate and extend the attribution rules.

The extractor's knowledge of English (cue verbs, titles, pronouns, organisation markers,
anonymous-source patterns, closed-class words) lives in data files shipped inside the
package. They are located with ``importlib.resources`` so that a wheel install works, and
checked on load so that a bad edit fails with a message naming the file and the entry
instead of silently weakening extraction. A user folder with files of the same names
extends the shipped entries (it never replaces them).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

STANCES = ("neutral", "assertive", "hedged", "denial", "evaluative")
GENDERS = ("male", "female", "any", "")
NUMBERS = ("singular", "plural", "any")
PRONOUN_KINDS = ("person", "organisation", "any")
ENV_VAR = "QUOTETRACK_RULES"

#: The data files of the attribution rules, in load order.
FILES = (
    "cues.toml",
    "people.toml",
    "organisations.toml",
    "pronouns.toml",
    "grammar.toml",
    "anonymous.txt",
)


class RulesError(ValueError):
    """A rules file is missing, unreadable or has an entry of the wrong shape."""


@dataclass(frozen=True, slots=True)
class Cue:
    """One surface form of a cue: ``said`` -> lemma ``say``, neutral, a verb."""

    form: str
    lemma: str
    stance: str
    kind: str  # verb | phrase | preposition
    gerund: bool = False
    quote_only: bool = False  # cues a quotation, never reported speech
    needs_quote: bool = False  # cues reported speech only when it holds quoted words
    needs_that: bool = False  # cues reported speech only as "... that <clause>"
    nested: bool = False  # an attribution of its own inside another's claim ("X said Y said")
    particles: frozenset[str] = frozenset()  # words after it that make another verb ("add to")


@dataclass(frozen=True, eq=False)
class Rules:
    """Everything the extractor knows, as plain data (compiled patterns live elsewhere).

    Compared by identity, so that compiled forms can be cached per ``Rules`` object.
    """

    cues: dict[str, Cue]
    honorifics: dict[str, str]
    titles: dict[str, str]  # lowercase title -> gender ("" when none)
    modifiers: frozenset[str]
    org_capitalised: frozenset[str]
    org_nouns: frozenset[str]
    group_nouns: frozenset[str]
    pronouns: dict[str, dict[str, str]]
    anonymous: tuple[str, ...]
    skip: frozenset[str]
    time_phrases: tuple[str, ...]
    stop: frozenset[str]
    determiners: frozenset[str]
    relatives: frozenset[str]
    plural_subjects: frozenset[str]
    asides: frozenset[str]
    noun_like: frozenset[str]
    headline_cues: frozenset[str]
    tail_starters: frozenset[str]
    time_words: frozenset[str]
    intro_words: frozenset[str]
    not_adverbs: frozenset[str]
    headline_not_speakers: frozenset[str]
    subject_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    np_prepositions: frozenset[str]
    participle_prepositions: frozenset[str]
    noun_prepositions: frozenset[str]
    continuation_openers: frozenset[str]
    subordinators: frozenset[str]
    to_heads: frozenset[str]
    short_answers: frozenset[str]
    clause_verbs: frozenset[str]
    evidence_nouns: frozenset[str]
    naming_participles: frozenset[str]
    speech_nouns: frozenset[str]
    hearer_cues: frozenset[str]
    object_cues: frozenset[str]
    addressee_cues: frozenset[str]
    finite_auxiliaries: frozenset[str]
    progressive_auxiliaries: frozenset[str]
    postmodifiers: frozenset[str]
    evidence_head_ends: frozenset[str]
    elliptic_openers: frozenset[str]
    embedded_openers: frozenset[str]
    subordinate_openers: frozenset[str]
    subordinate_modifiers: frozenset[str]
    object_conjunctions: frozenset[str]
    object_time_prepositions: frozenset[str]
    object_time_modifiers: frozenset[str]
    object_time_openers: frozenset[str]
    attributive_before: frozenset[str]
    cue_objects: frozenset[str]
    object_only_pronouns: frozenset[str]
    number_words: frozenset[str]
    personal_pronouns: frozenset[str]
    passive_as_words: frozenset[str]
    term_nouns: frozenset[str]
    agent_prepositions: frozenset[str]
    place_prepositions: frozenset[str]
    indefinite_articles: frozenset[str]
    content_breaks: tuple[str, ...]
    complementisers: frozenset[str]
    passive: frozenset[str]
    abbreviations: frozenset[str]
    #: Attributions whose source the text leaves unnamed (grammar.toml [unsourced]).
    question_cues: frozenset[str]
    question_openers: frozenset[str]
    expectation_cues: frozenset[str]
    unsourced_adverbs: frozenset[str]
    report_adverbs: frozenset[str]
    #: Nouns of a poll or study that frames a finding ("In a poll, ..."), words that show
    #: the noun is no head, participles of an aside about the poll (grammar.toml [findings]).
    finding_frames: frozenset[str]
    finding_stops: frozenset[str]
    finding_asides: frozenset[str]
    #: The medium of an act of saying closing a claim (grammar.toml [circumstances]).
    medium_prepositions: frozenset[str]
    media: frozenset[str]
    medium_tails: frozenset[str]
    sources: tuple[str, ...] = field(default=())


# ----------------------------------------------------------------------------- reading


def _read_shipped(name: str) -> str:
    return resources.files("quotetrack.rules").joinpath(name).read_text(encoding="utf-8")


def _parse(name: str, text: str, origin: str) -> dict | list[str]:
    if name.endswith(".toml"):
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RulesError(f"{origin}: not valid TOML ({exc})") from exc
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _merge(base: dict | list, extra: dict | list, origin: str, where: str = "") -> dict | list:
    """Add ``extra``'s entries to ``base``: lists are extended, tables merged key by key."""
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge(out[key], value, origin, f"{where}{key}.") if key in out else value
        return out
    raise RulesError(f"{origin}: entry {where.rstrip('.') or '(top)'} has the wrong type")


def _load_raw(user_dir: Path | None) -> dict[str, dict | list]:
    raw: dict[str, dict | list] = {}
    for name in FILES:
        raw[name] = _parse(name, _read_shipped(name), f"quotetrack/rules/{name}")
        if user_dir is not None and (user_dir / name).is_file():
            path = user_dir / name
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise RulesError(f"{path}: cannot be read ({exc})") from exc
            raw[name] = _merge(raw[name], _parse(name, text, str(path)), str(path))
    return raw


# ----------------------------------------------------------------------------- validating


def _strings(value: object, origin: str, entry: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(f"{origin}: entry {entry} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _table(data: object, origin: str, entry: str) -> dict:
    if not isinstance(data, dict):
        raise RulesError(f"{origin}: entry {entry} must be a table")
    return data


def _choice(value: object, allowed: Iterable[str], origin: str, entry: str) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise RulesError(f"{origin}: entry {entry} is {value!r}, expected one of {allowed}")
    return str(value)


def regular_forms(lemma: str) -> tuple[str, str, str]:
    """Third person, past and -ing forms of a regular English verb."""
    if re.search(r"(?:s|x|z|ch|sh)$", lemma):
        third = lemma + "es"
    elif re.search(r"[^aeiou]y$", lemma):
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif re.search(r"[^aeiou]y$", lemma):
        past = lemma[:-1] + "ied"
    else:
        past = lemma + "ed"
    ing = lemma[:-1] + "ing" if re.search(r"[^aeioy]e$", lemma) else lemma + "ing"
    return third, past, ing


def _verb_forms(lemma: str, irregular: dict[str, list[str]]) -> list[tuple[str, bool]]:
    forms = irregular.get(lemma) or list(regular_forms(lemma))
    return [(lemma, False)] + [(f, f.endswith("ing")) for f in forms]


def _lemmas(data: dict, section: str, origin: str) -> set[str]:
    table = _table(data.get(section, {}), origin, section)
    return {w.lower() for w in _strings(table.get("lemmas", []), origin, f"{section}.lemmas")}


def _cues(data: dict, origin: str) -> dict[str, Cue]:
    irregular = {
        lemma: _strings(forms, origin, f"irregular.{lemma}")
        for lemma, forms in _table(data.get("irregular", {}), origin, "irregular").items()
    }
    quote_only = _lemmas(data, "quote_only", origin)
    with_quote = _lemmas(data, "with_quote", origin)
    with_that = _lemmas(data, "with_that", origin)
    that_forms = {
        w.lower()
        for w in _strings(
            _table(data.get("with_that", {}), origin, "with_that").get("forms", []),
            origin,
            "with_that.forms",
        )
    }
    nested = _lemmas(data, "nested", origin)
    particles = {
        lemma.lower(): frozenset(w.lower() for w in _strings(words, origin, f"particles.{lemma}"))
        for lemma, words in _table(data.get("particles", {}), origin, "particles").items()
    }
    cues: dict[str, Cue] = {}
    seen_verbs: dict[str, str] = {}
    for section, kind in (
        ("verbs", "verb"),
        ("phrases", "phrase"),
        ("prepositions", "preposition"),
    ):
        for stance, entries in _table(data.get(section, {}), origin, section).items():
            _choice(stance, STANCES, origin, f"{section}.{stance}")
            for entry in _strings(entries, origin, f"{section}.{stance}"):
                lemma = entry.lower()
                if kind == "verb":
                    if seen_verbs.get(lemma, stance) != stance:
                        raise RulesError(
                            f"{origin}: entry {section}.{stance} repeats {lemma!r} "
                            f"already listed as {seen_verbs[lemma]}"
                        )
                    seen_verbs[lemma] = stance
                if kind == "preposition":
                    cues[lemma] = Cue(lemma, lemma, stance, kind, nested=lemma in nested)
                    continue
                head, _, rest = lemma.partition(" ")
                for form, gerund in _verb_forms(head, irregular):
                    surface = f"{form} {rest}".strip()
                    cue = Cue(
                        surface,
                        lemma,
                        stance,
                        kind,
                        gerund,
                        lemma in quote_only,
                        lemma in with_quote,
                        lemma in with_that or surface in that_forms,
                        lemma in nested,
                        particles.get(lemma, frozenset()),
                    )
                    cues.setdefault(surface, cue)
    if not cues:
        raise RulesError(f"{origin}: no cues defined")
    return cues


def _gendered(data: dict, origin: str) -> dict[str, str]:
    titles: dict[str, str] = {}
    for gender, entries in _table(data, origin, "titles").items():
        _choice(gender, ("neutral", "male", "female"), origin, f"titles.{gender}")
        for title in _strings(entries, origin, f"titles.{gender}"):
            titles[title.lower()] = "" if gender == "neutral" else gender
    return titles


def _pronouns(data: dict, origin: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for word, spec in _table(data.get("pronouns", {}), origin, "pronouns").items():
        spec = _table(spec, origin, f"pronouns.{word}")
        out[word.lower()] = {
            "gender": _choice(spec.get("gender"), GENDERS, origin, f"pronouns.{word}.gender"),
            "number": _choice(spec.get("number"), NUMBERS, origin, f"pronouns.{word}.number"),
            "kind": _choice(spec.get("kind"), PRONOUN_KINDS, origin, f"pronouns.{word}.kind"),
        }
    return out


def _patterns(lines: list[str], origin: str) -> tuple[str, ...]:
    for n, line in enumerate(lines, 1):
        try:
            re.compile(line)
        except re.error as exc:
            raise RulesError(
                f"{origin}: pattern {n} ({line!r}) is not a valid regex: {exc}"
            ) from exc
    return tuple(lines)


def _words(table: dict, key: str, origin: str, section: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _strings(table.get(key, []), origin, f"{section}.{key}"))


def _known_forms(
    forms: frozenset[str], cues: dict[str, Cue], origin: str, entry: str
) -> frozenset[str]:
    unknown = sorted(forms - cues.keys())
    if unknown:
        raise RulesError(f"{origin}: entry {entry} lists forms of no cue: {', '.join(unknown)}")
    return forms


def _build(raw: dict[str, dict | list], sources: tuple[str, ...]) -> Rules:
    people, orgs, grammar = raw["people.toml"], raw["organisations.toml"], raw["grammar.toml"]
    subject = _table(grammar.get("subject", {}), "grammar.toml", "subject")
    sentences = _table(grammar.get("sentences", {}), "grammar.toml", "sentences")
    words = _table(grammar.get("words", {}), "grammar.toml", "words")
    unsourced = _table(grammar.get("unsourced", {}), "grammar.toml", "unsourced")
    honorifics = _table(people.get("honorifics", {}), "people.toml", "honorifics")
    for name, gender in honorifics.items():
        _choice(gender, GENDERS, "people.toml", f"honorifics.{name}")
    org_words = _table(orgs.get("words", {}), "organisations.toml", "words")
    time_phrases = _strings(subject.get("time_phrases", []), "grammar.toml", "subject.time_phrases")
    _patterns(time_phrases, "grammar.toml")
    cues = _cues(raw["cues.toml"], "cues.toml")
    headline = _table(raw["cues.toml"].get("headline", {}), "cues.toml", "headline")
    return Rules(
        cues=cues,
        honorifics=dict(honorifics),
        titles=_gendered(people.get("titles", {}), "people.toml"),
        modifiers=_words(
            _table(people.get("modifiers", {}), "people.toml", "modifiers"),
            "words",
            "people.toml",
            "modifiers",
        ),
        org_capitalised=frozenset(
            _strings(org_words.get("capitalised", []), "organisations.toml", "words.capitalised")
        ),
        org_nouns=_words(org_words, "organisation", "organisations.toml", "words"),
        group_nouns=_words(org_words, "group", "organisations.toml", "words"),
        pronouns=_pronouns(raw["pronouns.toml"], "pronouns.toml"),
        anonymous=_patterns(raw["anonymous.txt"], "anonymous.txt"),
        skip=_words(subject, "skip", "grammar.toml", "subject"),
        time_phrases=tuple(time_phrases),
        stop=_words(subject, "stop", "grammar.toml", "subject"),
        determiners=_words(subject, "determiners", "grammar.toml", "subject"),
        relatives=_words(subject, "relatives", "grammar.toml", "subject"),
        plural_subjects=_words(subject, "plural_subjects", "grammar.toml", "subject"),
        asides=_words(subject, "asides", "grammar.toml", "subject"),
        noun_like=_words(
            _table(raw["cues.toml"].get("noun_like", {}), "cues.toml", "noun_like"),
            "forms",
            "cues.toml",
            "noun_like",
        ),
        headline_cues=_known_forms(
            _words(headline, "forms", "cues.toml", "headline"), cues, "cues.toml", "headline.forms"
        ),
        tail_starters=_words(subject, "tail_starters", "grammar.toml", "subject"),
        time_words=_words(subject, "time_words", "grammar.toml", "subject"),
        intro_words=_words(subject, "intro_words", "grammar.toml", "subject"),
        not_adverbs=_words(subject, "not_adverbs", "grammar.toml", "subject"),
        content_breaks=_patterns(
            _strings(
                _table(grammar.get("content", {}), "grammar.toml", "content").get("breaks", []),
                "grammar.toml",
                "content.breaks",
            ),
            "grammar.toml",
        ),
        **{
            key: _words(words, key, "grammar.toml", "words")
            for key in (
                "subject_pronouns",
                "object_pronouns",
                "np_prepositions",
                "participle_prepositions",
                "noun_prepositions",
                "continuation_openers",
                "subordinators",
                "to_heads",
                "short_answers",
                "clause_verbs",
                "evidence_nouns",
                "naming_participles",
                "speech_nouns",
                "hearer_cues",
                "object_cues",
                "addressee_cues",
                "finite_auxiliaries",
                "progressive_auxiliaries",
                "postmodifiers",
                "evidence_head_ends",
                "elliptic_openers",
                "embedded_openers",
                "subordinate_openers",
                "subordinate_modifiers",
                "object_conjunctions",
                "object_time_prepositions",
                "object_time_modifiers",
                "object_time_openers",
                "attributive_before",
                "cue_objects",
                "object_only_pronouns",
                "number_words",
                "personal_pronouns",
                "passive_as_words",
                "term_nouns",
                "agent_prepositions",
                "place_prepositions",
                "indefinite_articles",
            )
        },
        headline_not_speakers=_words(
            _table(grammar.get("headlines", {}), "grammar.toml", "headlines"),
            "not_speakers",
            "grammar.toml",
            "headlines",
        ),
        complementisers=_words(subject, "complementisers", "grammar.toml", "subject"),
        passive=_words(subject, "passive", "grammar.toml", "subject"),
        abbreviations=frozenset(
            _strings(sentences.get("abbreviations", []), "grammar.toml", "sentences.abbreviations")
        ),
        question_cues=_words(unsourced, "question_cues", "grammar.toml", "unsourced"),
        question_openers=_words(unsourced, "question_openers", "grammar.toml", "unsourced"),
        expectation_cues=_words(unsourced, "expectation_cues", "grammar.toml", "unsourced"),
        unsourced_adverbs=_words(unsourced, "adverbs", "grammar.toml", "unsourced"),
        report_adverbs=_words(unsourced, "report_adverbs", "grammar.toml", "unsourced"),
        **{
            f"finding_{key}": _words(
                _table(grammar.get("findings", {}), "grammar.toml", "findings"),
                key,
                "grammar.toml",
                "findings",
            )
            for key in ("frames", "stops", "asides")
        },
        **{
            name: _words(
                _table(grammar.get("circumstances", {}), "grammar.toml", "circumstances"),
                key,
                "grammar.toml",
                "circumstances",
            )
            for name, key in (
                ("medium_prepositions", "prepositions"),
                ("media", "media"),
                ("medium_tails", "tails"),
            )
        },
        sources=sources,
    )


@lru_cache(maxsize=8)
def _load_cached(user_dir: str | None) -> Rules:
    path = Path(user_dir) if user_dir else None
    if path is not None and not path.is_dir():
        raise RulesError(f"{path}: the rules folder does not exist")
    sources = ("quotetrack/rules",) + ((str(path),) if path else ())
    return _build(_load_raw(path), sources)


def load_rules(user_dir: Path | None = None) -> Rules:
    """The shipped rules, extended by ``user_dir`` (or ``$QUOTETRACK_RULES``) if given.

    Results are cached per folder: extracting many documents loads the files once.
    """
    if user_dir is None and os.environ.get(ENV_VAR):
        user_dir = Path(os.environ[ENV_VAR])
    return _load_cached(str(user_dir) if user_dir is not None else None)
