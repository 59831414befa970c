"""Made-up but realistic news articles, generated from templates with a fixed seed.

The reliability tests and the soak benchmarks need many distinct articles that read like
the news quotetrack is fed: headlines, datelines, direct quotes with speech verbs,
reported speech, a speaker referred to again by pronoun. Every article is unique (its
serial number is part of the story), so each one is exactly one document in the store,
and the same seed always produces the same texts, so a failure can be replayed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PEOPLE = (
    ("Mara Lindqvist", "head of the dockworkers' union", "she"),
    ("Henrik Dahl", "the transport minister", "he"),
    ("Joanna Pike", "the city's finance director", "she"),
    ("Tomasz Wrona", "a spokesman for the harbour authority", "he"),
    ("Aisha Okonkwo", "the regional health commissioner", "she"),
    ("Daniel Ferreira", "chair of the council's budget committee", "he"),
    ("Ingrid Solberg", "the opposition leader", "she"),
    ("Rafael Moreno", "chief executive of Moreno Freight", "he"),
    ("Keiko Tanaka", "the school board president", "she"),
    ("Samuel Adeyemi", "a lawyer for the tenants' association", "he"),
    ("Lucia Bianchi", "the environment secretary", "she"),
    ("Piotr Nowak", "the mayor of Eastport", "he"),
)
TOPICS = (
    ("the port strike", "the cranes have been idle for nine days", "wages"),
    ("the school meals budget", "three hundred schools could lose hot lunches", "funding"),
    ("the harbour bridge vote", "the council will vote on the new crossing", "the bridge"),
    ("the hospital staffing plan", "nurses have warned of longer waiting lists", "staffing"),
    ("the rail timetable", "the morning trains have been cut by a third", "the railway"),
    ("the flood defences", "the river rose to its highest level in forty years", "the levee"),
    ("the rent freeze", "tenants in the old quarter face a second increase", "housing"),
    ("the bus fare rise", "fares are due to rise by twelve per cent in spring", "fares"),
)
PLACES = ("EASTPORT", "NORTHBRIDGE", "SALTMARSH", "KINGSFORD", "LOWHAVEN", "ELM CROSSING")
SAY = ("said", "warned", "insisted", "added", "argued")
DIRECT = (
    "We will not accept a deal that leaves {thing} unresolved",
    "Nobody in this building wants {thing} to drag on into the winter",
    "There is simply no more money for {thing} this year",
    "I have read the figures twice and they do not add up",
    "The people of {place} deserve a straight answer about {thing}",
    "This is a fair offer and it will stay on the table until Friday",
    "We have been patient for months and patience has run out",
)
REPORTED = (
    "{name} said the talks on {thing} would resume next week",
    "{name} said that the council had underestimated the cost of {thing}",
    "{name} told the committee that a compromise on {thing} was still possible",
    "According to {name}, the figures on {thing} were published too late",
)
FILLER = (
    "The dispute has drawn crowds to the town hall every evening this week.",
    "Officials declined to give a timetable for a final decision.",
    "Local businesses say the uncertainty has already cost them customers.",
    "A report published last month put the total cost at 14 million.",
    "The committee is expected to publish its recommendations in the spring.",
)


@dataclass(frozen=True, slots=True)
class Article:
    name: str  # file name, e.g. article-0007.txt
    text: str


def article(serial: int, rng: random.Random) -> Article:
    """One article: headline, dateline, three to six paragraphs of quotes and report."""
    (a, a_role, a_pron), (b, b_role, b_pron) = rng.sample(PEOPLE, 2)
    topic, situation, thing = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    day = date(2025, 1, 6) + timedelta(days=rng.randrange(300))
    headline = f"{a.split()[-1]} and {b.split()[-1]} clash over {topic} (report {serial})"
    paras = [
        headline,
        f"{place}, {day:%B} {day.day}, {day.year} - {situation.capitalize()}, "
        f"and the argument over {topic} grew louder on day {serial} of the talks.",
    ]
    fill = [f.format(thing=thing, place=place.title()) for f in DIRECT]
    for _ in range(rng.randint(2, 5)):
        speaker, role, pronoun = rng.choice(((a, a_role, a_pron), (b, b_role, b_pron)))
        style = rng.randrange(4)
        quote = rng.choice(fill)
        if style == 0:
            paras.append(f'"{quote}," {rng.choice(SAY)} {speaker}, {role}.')
        elif style == 1:
            paras.append(f'{speaker}, {role}, said: "{quote}."')
        elif style == 2:
            paras.append(
                rng.choice(REPORTED).format(name=speaker, thing=thing) + ". " + rng.choice(FILLER)
            )
        else:
            paras.append(f'"{quote}," {speaker} said. "{rng.choice(fill)}," {pronoun} added.')
    paras.append(rng.choice(FILLER))
    return Article(f"article-{serial:04d}.txt", "\n\n".join(paras) + "\n")


def articles(n: int, seed: int = 20250314) -> list[Article]:
    """``n`` distinct articles; the same ``n`` and ``seed`` always give the same texts."""
    rng = random.Random(seed)
    return [article(i + 1, rng) for i in range(n)]


def write_articles(folder: Path, n: int, seed: int = 20250314) -> list[Path]:
    """Write ``n`` articles into ``folder`` (created) and return their paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for art in articles(n, seed):
        path = folder / art.name
        path.write_text(art.text, encoding="utf-8")
        paths.append(path)
    return paths
