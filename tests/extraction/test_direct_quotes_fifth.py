"""Direct quotes, fifth pass: frames that give a quotation its speaker (invented sentences).

Each case names the quoted words a reader expects as a direct quote (or inside a claim
that holds them) and the mention of the speaker that said them.
"""

from __future__ import annotations

import pytest

from quotetrack.extraction.pipeline import extract

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def _covering(text: str, words: str):
    start = text.index(words)
    return [a for a in extract(text) if a.start <= start and start + len(words) <= a.end]


CASES = [
    # a clause opening with "this" and a finite verb is a claim, not an opening phrase
    ('This is a "hard season," said Tom Reyes.', "hard season", "Tom Reyes"),
    # a surname spelled like a preposition, between a quote's comma and its cue
    ('"The old ways are gone," From said.', "old ways are gone", "From"),
    (
        'Many voters saw the party as "a club for the rich," Over said. "We changed that."',
        "a club for the rich",
        "Over",
    ),
    # a bare past form ending the sentence after a quote and a subject: a speech frame
    ('"Our port will always be open," an angry Moreno retaliated.', "port will always", "Moreno"),
    ('"You told the paper you would run," Hannah Li started.', "told the paper", "Hannah Li"),
    ('"Maybe they are scared of losing," he surmised.', "scared of losing", "he"),
]


@pytest.mark.parametrize(("text", "words", "mention"), CASES, ids=[c[1] for c in CASES])
def test_quote_speaker(text: str, words: str, mention: str) -> None:
    found = _covering(text, words)
    assert found, extract(text)
    assert all(a.mention is not None and mention in a.mention for a in found), found


NOT_SPEAKERS = [
    # a past form with an auxiliary or no named subject is no frame
    ('"We will win the seat," he was arrested.', "win the seat"),
    ('"We will win the seat," the meeting ended.', "win the seat"),
    ('"Not yet," it ended.', "Not yet"),
]


@pytest.mark.parametrize(("text", "words"), NOT_SPEAKERS, ids=[c[1] for c in NOT_SPEAKERS])
def test_no_invented_speaker(text: str, words: str) -> None:
    assert _covering(text, words) == []


def test_the_next_quote_goes_on_with_the_framed_speaker() -> None:
    text = '"Maybe they are scared," he surmised. "I see it all the time at the diner."'
    found = _covering(text, "I see it all the time")
    assert found and found[0].mention == "he", found


FRAMES = [
    # an absolute phrase after a comma, with a subject and a speech gerund of its own, is
    # another speaker's act of saying: it ends the claim before it
    (
        "Senators who agree that the camp should close were irritated by the plan, with "
        'Sen. Tom Reyes calling it a "takeout menu."',
        "takeout menu",
        "Sen. Tom Reyes",
    ),
    # a quoted title inside the subject's phrase is no quotation the clause frames
    (
        'Kerry Lane, star of the drama "Night Desk," thanked Roe for "taking these steps."',
        "taking these steps",
        "Kerry Lane",
    ),
    (
        'Ann Reyes, a contestant on "The Night Desk," said her boss was "always kind."',
        "always kind",
        "Ann Reyes",
    ),
]


@pytest.mark.parametrize(("text", "words", "mention"), FRAMES, ids=[c[1] for c in FRAMES])
def test_quote_speaker_past_a_phrase(text: str, words: str, mention: str) -> None:
    found = _covering(text, words)
    assert found, extract(text)
    assert all(a.mention is not None and a.mention.startswith(mention) for a in found), found


def test_the_claim_before_an_absolute_phrase_ends_at_its_comma() -> None:
    text = (
        "Senators who agree that the camp should close were irritated by the plan, with "
        'Sen. Tom Reyes calling it a "takeout menu."'
    )
    claims = [a for a in extract(text) if a.mention and a.mention.startswith("Senators")]
    assert claims and all("Reyes" not in a.text for a in claims), claims


def test_a_determiner_after_a_conjunction_is_the_subject() -> None:
    text = '"We have more rivals than ever," one aide said. Yet another said, "Roe is in a fight."'
    found = _covering(text, "Roe is in a fight")
    assert found and all(a.mention == "another" for a in found), found


def test_a_name_read_forward_ends_before_its_past_verb() -> None:
    text = 'Roe hammered Li, calling him a "train wreck" and "a quitter."'
    found = _covering(text, "train wreck")
    assert found and all(a.mention == "Roe" for a in found), found


def test_a_gerund_after_an_object_phrase_shares_the_sentence_subject() -> None:
    # the sentence opens with a conjunction; the phrase before the gerund ends in "of"
    text = 'And he made a point of saying the hall "was a place of joy."'
    found = _covering(text, "was a place of joy")
    assert found and all(a.mention == "he" for a in found), found


def test_an_inverted_lead_in_opening_with_a_capitalised_cue() -> None:
    text = 'Stated Reyes:\n"I think the stakes are higher than ever for all of us."'
    found = _covering(text, "the stakes are higher")
    assert found and found[0].mention == "Reyes" and found[0].cue == "Stated", found
    # a capitalised word that is no cue form opens no lead-in
    assert _covering('Dear Reyes:\n"I think the stakes are higher than ever."', "stakes") == []


def test_a_quotation_resuming_a_claim_after_its_frame() -> None:
    text = 'Oz is "sharp as a tack," Li wrote in an email to a friend, and "a fine boss."'
    found = _covering(text, "a fine boss")
    assert found and all(a.mention == "Li" for a in found), found
    # a later cue of its own introduces the quotation: not the first speaker's
    text = 'Oz is "sharp as a tack," Li wrote, and Roe said "a fine boss."'
    assert all(a.mention != "Li" for a in _covering(text, "a fine boss"))


def test_quotes_listed_after_an_as_frame_share_its_speaker() -> None:
    text = 'Lately, Reid has gone after Roe as a "human leech" and a "spoiled brat."'
    for words in ("human leech", "spoiled brat"):
        found = _covering(text, words)
        assert found and found[0].mention == "Reid", (words, found)


def test_words_used_as_a_phrase_are_the_users() -> None:
    text = 'Roe has used the phrase "tax relief" often in her campaign.'
    found = _covering(text, "tax relief")
    assert found and found[0].mention == "Roe", found
    # the phrase as the subject: nobody is named
    assert _covering('The phrase "tax relief" is popular.', "tax relief") == []


def test_a_parenthetical_cue_before_an_adverb_and_the_clause_verb() -> None:
    text = 'The two towns, Xi said, now have a "golden chance" to grow.'
    found = _covering(text, "golden chance")
    assert found and all(a.mention == "Xi" for a in found), found
    # an adverb opening a circumstance still ends the claim at the cue
    claims = [a for a in extract("It is late, Roe said, now that the vote is over.")]
    assert claims and claims[0].text == "It is late", claims


def test_an_inverted_subject_with_a_relative_clause() -> None:
    text = '"It was all a lie," said the owner of a shop that sells shoes.'
    found = _covering(text, "all a lie")
    assert found and found[0].mention == "the owner of a shop", found


def test_a_time_phrase_with_during_between_subject_and_cue() -> None:
    text = 'Roe during a Sunday rally thanked its members "for their support in my race."'
    found = _covering(text, "for their support")
    assert found and found[0].mention == "Roe", found


SENTENCE_SUBJECTS = [
    # a bracket after the name before its verb
    (
        "Sen. Tom Reyes (I-Vt.) visited a morning show to discuss his rival, Jane Roe, "
        'saying "on her worst day" she would be "a far better leader" than the rest.',
        "a far better leader",
        "Sen. Tom Reyes",
    ),
    # an adverb opening the sentence, alone or after a conjunction
    (
        'Then he cut into Li, calling him a "stiff" and a "spoiled child."',
        "spoiled child",
        "he",
    ),
    # a conjunction and an adverb opening the sentence
    (
        'And then Roe went fully on the attack, saying, "Is the mayor going to resign?"',
        "the mayor going to resign",
        "Roe",
    ),
]


@pytest.mark.parametrize(
    ("text", "words", "mention"), SENTENCE_SUBJECTS, ids=[c[2] for c in SENTENCE_SUBJECTS]
)
def test_a_gerund_shares_the_sentence_subject(text: str, words: str, mention: str) -> None:
    found = _covering(text, words)
    assert found and all(a.mention == mention for a in found), found


def test_snipe_and_surmise_report_what_was_said() -> None:
    text = 'Reyes sniped that the new chief was "learning on the job."'
    found = _covering(text, "learning on the job")
    assert found and found[0].mention == "Reyes", found
    text = 'Li surmised that voters were "afraid of wasting" their votes.'
    found = _covering(text, "afraid of wasting")
    assert found and found[0].mention == "Li", found


def test_each_share_in_a_poll_answer_keeps_its_own_words() -> None:
    text = (
        "The mood showed in another question that asked voters how likely Roe was to win, "
        'to which 21 percent said "not too likely" and 14 percent said "not at all likely."'
    )
    first, second = _covering(text, "not too likely"), _covering(text, "not at all likely")
    assert first and all(a.mention == "21 percent" for a in first), first
    assert second and all(a.mention == "14 percent" for a in second), second
    # the question's own claim ends before the relative clause with its own speaker
    asked = [a for a in extract(text) if a.cue == "asked"]
    assert asked and all("percent" not in a.text for a in asked), asked


GERUND_SUBJECTS = [
    # a gerund after "upon" / "by" shares the clause's subject; a single name with an
    # apposition after it opens the sentence
    (
        'Ann Li, herself a loyal supporter, drew boos upon saying, "Roe heard the people."',
        "Roe heard the people",
        "Ann Li",
    ),
    (
        'Silverman, herself a supporter, drew boos upon saying, "Roe heard the people."',
        "Roe heard the people",
        "Silverman",
    ),
    # a relative clause's antecedent after an opening subordinate clause
    (
        "Although the teams do not overlap, a senior official who spoke anonymously to "
        'discuss strategy said Wednesday, "There are talks."',
        "There are talks",
        "a senior official who spoke anonymously",
    ),
]


@pytest.mark.parametrize(
    ("text", "words", "mention"), GERUND_SUBJECTS, ids=[c[2] for c in GERUND_SUBJECTS]
)
def test_the_clause_subject_of_a_gerund(text: str, words: str, mention: str) -> None:
    found = _covering(text, words)
    assert found and all(a.mention.startswith(mention) for a in found), found


def test_a_headline_closed_by_its_source() -> None:
    text = "Tom Reyes Is A \u2018Natural Born Citizen,\u2019 Board Of Election Finds.\n"
    found = _covering(text, "Natural Born Citizen")
    assert found and found[0].mention == "Board Of Election", found
    text = "Roe \u2018The Dealmaker\u2019 Could Fix The Grid, Ann Reyes Says.\n"
    found = _covering(text, "The Dealmaker")
    assert found and found[0].mention == "Ann Reyes", found


def test_a_participle_or_such_before_as_is_no_speakers_frame() -> None:
    for text, words in (
        ('Perks such as trips disguised as "fact-finding visits" are common.', "fact-finding"),
        (
            'Officials searched their files for words such as "ambassador" and "attack."',
            "ambassador",
        ),
    ):
        assert _covering(text, words) == [], text


def test_a_gerund_right_after_a_cue_shares_its_subject() -> None:
    text = '"We need someone tested," he said introducing Roe as a "global leader on rights."'
    found = _covering(text, "global leader")
    assert found and all(a.mention == "he" for a in found), found


def test_a_plural_looking_form_after_and_with_a_quoted_object_is_a_verb() -> None:
    text = 'The ad hits Roe for taking "bank money" and claims that "banks made her rich."'
    found = _covering(text, "banks made her rich")
    assert found and found[0].mention.startswith("The ad"), found


def test_a_later_cue_joins_the_main_clause_not_an_opening_subordinate_one() -> None:
    text = (
        "Last month, when I asked Tom Reyes if he would ever endorse Roe, he looked straight "
        'into my camera, furrowed his brow and said, "I will endorse you!"'
    )
    found = _covering(text, "I will endorse you")
    assert found and all(a.mention == "he" for a in found), found


def test_a_gerund_after_an_object_shares_the_last_coordinated_clauses_subject() -> None:
    text = (
        "The effort stalled, and he has battled with the firm over how to fix the budget, "
        'at one point calling the mayor a "liar."'
    )
    found = _covering(text, "liar")
    assert found and all(a.mention == "he" for a in found), found
