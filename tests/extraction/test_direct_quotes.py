"""Direct quotes: sentence shapes that give a quotation its speaker (invented sentences).

Each case names the quoted words a reader expects as a direct quote and the mention of
the speaker that said them; ``None`` means the words must not be reported as a quote.
"""

from __future__ import annotations

import pytest

from quotetrack.extraction.pipeline import extract

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

CASES = [
    # a plural noun that looks like a cue, ending an opening phrase, is no cue
    (
        'After the Dover attacks, Roe released a radio ad calling the plan "reckless."',
        "reckless",
        "Roe",
    ),
    # a claim that ends in quoted words, then its speaker and a longer circumstance
    (
        'Tariffs are "a tax on families" and "a gift to rivals," the former governor '
        "proclaimed to a cheering crowd at the convention hall in Dover on Tuesday.",
        "a tax on families",
        "the former governor",
    ),
    # a noun that looks like a cue inside the subject between a quote and its cue
    (
        '"Come and stay with us!" a welcome message on the hotel\'s website reads.',
        "Come and stay",
        "a welcome message",
    ),
    # a programme's title after "episode of" is no quotation of the subject that follows
    (
        'On an episode of "The Late Morning Show With Ann," the former secretary of state '
        "said she was ready.",
        "The Late Morning Show",
        None,
    ),
    # two roles of one person joined by "and" before the name, after an inverted cue
    (
        '"He is playing that role again," said former Gov. and party Chairman Ann Reyes.',
        "playing that role",
        "former Gov. and party Chairman Ann Reyes",
    ),
    # a sentence ends before a quotation that opens with a nested mark or an ellipsis
    (
        "She named a drama as her guilty pleasure. \u201c\u2019Spies of Paris,\u2019\u201d she "
        "said, \u201calthough I have not seen the last season!\u201d",
        "Spies of Paris",
        "she",
    ),
    (
        '"We will hold the line," said Ana Reyes, who lives in Dover, Del. ". . . I just want '
        'a mayor who listens to us."',
        "I just want a mayor",
        "Ana Reyes",
    ),
    # a question or exclamation before "He tweeted when ...": one sentence with its cue
    ('"Too late?" He tweeted when the mayor ended the debate with a joke.', "Too late?", "He"),
    (
        '"Who can remember how many votes I have lost? Is it two?" Roe asks as a janitor '
        "walks past her.",
        "Is it two?",
        "Roe",
    ),
    # a first name that is also a function word ("Will", "May") after an inverted cue
    ('"It is a costly model," said Will Reyes, a professor of economics.', "costly", "Will Reyes"),
    # "one of those advisers": a quantifier, "of" and a determiner inside the subject
    (
        '"There is no path for him," said one of those advisers, who asked not to be named.',
        "no path",
        "one of those advisers",
    ),
    # a short quote that is the start of a sentence's words, not a title, before its cue
    (
        'Because the young stay home, "she does need him," Reyes said of the senator.',
        "she does need him",
        "Reyes",
    ),
    # "he's claiming": a contracted auxiliary before a progressive cue, not a possessive
    (
        'He\'s claiming that the levy is "a big problem for farmers" and "nobody says so."',
        "a big problem for farmers",
        "He",
    ),
    # "went on to call X '...'": an infinitive cue takes the clause's subject
    (
        'The mayor went on to call the governor "the worst manager in the state."',
        "the worst manager",
        "The mayor",
    ),
    # a date written with a slash inside an inverted subject
    ('"The reasons do not hold up," said 9/11 widow Ann Reyes.', "do not hold up", "Ann Reyes"),
    # a quote-only sentence after a sentence about someone that reports nobody's words
    (
        "Senator Ada Moreno touted her record as a sponsor of the wage bill. "
        '"We need to find ways to support workers who want a union."',
        "support workers",
        "Ada Moreno",
    ),
    (
        '"We will build the bridge," Moreno added.\nHe then had a question for the crowd.\n'
        '"Who is going to pay for it?"',
        "Who is going to pay",
        "He",
    ),
    # a participle phrase with its preposition inside the subject
    (
        'Protesters marching through the park chanted "What curfew?" and kept going.',
        "curfew",
        "Protesters",
    ),
    # a gerund after a comma shares the sentence's subject, not a relative clause's
    (
        "The mayor defended not paying a builder who said he was cheated, saying, "
        '"Maybe he did not do a good job."',
        "Maybe he did not",
        "The mayor",
    ),
    # two names joined by "and" take the plural cue form
    (
        'After each attack, Roe and Smith call them "lone wolves" and move on.',
        "lone wolves",
        "Smith",
    ),
    # "Hours later,": a time phrase opening the sentence is not its subject
    (
        'Hours later, Roe thanked the crew, telling a host, "We have been friends for years."',
        "friends",
        "Roe",
    ),
    # a colon after the verb's object: the clause's subject speaks
    ('Roe delivered a snappy retort: "No one is tearing this plan up."', "tearing", "Roe"),
    # a digest line names its source after a dash, whatever verb comes before
    (
        'Pollsters agree - Tom Reyes: "The lesson is simple: keep calling voters late." [Example.]',
        "The lesson is simple",
        "Tom Reyes",
    ),
    # a number word as the head of the subject ("mother of three", "the two")
    (
        'When pressed, the mother of three replied, "It is meant to help new parents."',
        "meant",
        "mother of three",
    ),
    ('"We do not see the need for it," the two write in their letter.', "the need", "the two"),
    # "a briefing" is a noun, and "press secretary" a title: neither is a cue
    (
        '"We have worked hard on it," press secretary Tom Reyes said at a briefing Monday. '
        '"And we will go on."',
        "we will go on",
        "Tom Reyes",
    ),
    # "and later said": an adverb between the conjunction and the shared subject's cue
    (
        'Col. Tom Reyes raised the bombing and later said, "It is not just one group."',
        "not just",
        "Tom Reyes",
    ),
    # a quote after its cue followed by a new clause or a circumstance
    (
        'Soon after the vote, Reyes wrote to his followers, "It is time to end her career," '
        "and shared a link.",
        "It is time",
        "Reyes",
    ),
    ('Roe said, "You tell me," repeatedly, before she stopped answering.', "You tell me", "Roe"),
    # a sentence adverb before a parenthetical cue: the claim and its quote follow the cue
    ('Perhaps, he said, this "small town has grown too fast."', "small town", "he"),
    (
        'Instead, Reyes told a radio host, his plan would be "to go after them" if he wins.',
        "go after",
        "Reyes",
    ),
    # "calls it": an object pronoun makes a noun-like form a verb
    (
        'Today, the city\'s biggest newspaper calls it "the pearl" of the coast.',
        "the pearl",
        "newspaper",
    ),
    # a noun-like form ("states") right after a quote and its subject ends the clause: a verb
    (
        '"We can handle hard questions," a voice-over in the ad states. "She will win."',
        "She will win",
        "voice-over",
    ),
    # manner-of-speaking verbs that introduce quotations
    (
        '"Owners should leave their guns at home," opined the city\'s paper.',
        "leave their guns",
        "paper",
    ),
    ('"This is a big win for me," I confessed to a friend.', "a big win", "I"),
    # "has always claimed": an adverb between auxiliary and cue is no subject
    (
        'The national media has always claimed to be an "unbiased" review of events.',
        "unbiased",
        "media",
    ),
    # a thing in a relative clause carries its maker's words
    (
        'To sell the courses, Roe released a video that said, "We will have terrific teachers."',
        "terrific teachers",
        "Roe",
    ),
    # a continuation skips a cue in the speaker's own relative clause
    (
        '"Do they read papers?" said Tom Reyes, a delegate who has accused rivals of lying. '
        '"Are they reading some chain email?"',
        "chain email",
        "Tom Reyes",
    ),
    # a headline in title case gives its quoted words to the name that opens it
    ("Jane Roe Pins The Loss On \u2018Disastrous\u2019 Polling In Ohio", "Disastrous", "Jane Roe"),
    ("Mayor Ada Moreno Speaks \u2018Directly To Young Voters\u2019", "Directly", "Ada Moreno"),
    # ... but not a possessive's title of a work, nor a name standing right before the quote
    ("Ada Moreno\u2019s \u2018Small Town\u2019 Opens To Good Reviews In Ohio", "Small Town", None),
    ("Republican \u2018Unity\u2019 Meeting Scheduled For Next Week", "Unity", None),
    # "heralded X as '...'", "introduced X as '...'": the subject's words about X
    ('Mayor Ada Moreno heralded the port deal as a "breakthrough."', "breakthrough", "Ada Moreno"),
    (
        'Reyes introduced the governor as a "friend of every worker" at the rally.',
        "friend of every worker",
        "Reyes",
    ),
    ('He played down the remarks as "just part of the race" and moved on.', "just part", "He"),
    # a quote inside an opening subordinate clause with its own cue is that clause's
    ('While Reyes insists the plan is "a bargain," Moreno calls it a waste.', "bargain", "Reyes"),
    (
        'Although she says she "loves the city," the mayor accuses it of neglect.',
        "loves the city",
        "she",
    ),
    # a paragraph that is only a dash and a name signs the quotation before it
    (
        'The senator made several claims at the fair.\n\n"The mill will close next year. '
        'We tried to save it."\n\n- Moreno.\n\nMoreno overstates the role of the state.',
        "We tried to save it",
        "Moreno",
    ),
    (
        '"The mill will close next year."\n\n- Moreno and Reyes disagree on what comes next.',
        "The mill will close",
        None,
    ),
    # "less than two weeks ago" between a subject and its cue is a time, not the subject
    (
        'The ministry less than two weeks ago said that "secret" files had been lost.',
        "secret",
        "The ministry",
    ),
    # a capitalised modal in mid-sentence is a name ("Will", "May"), not "will" or "may"
    (
        'From the rally to the debate, Will described the senator as a "caricature."',
        "caricature",
        "Will",
    ),
    ('"We will get the best deal we can," May said.', "best deal", "May"),
    # a name given to a thing is no quotation
    (
        'Comedians are staging a popular play called "Sons of Roe" in the capital.',
        "Sons of Roe",
        None,
    ),
    ('On the form, in a box labeled "medical problem," a nurse had typed a note.', "medical", None),
    # after "?" or "!" the speaker's clause may run on past a comma or a long tail
    (
        '"Not one step back!" Lena Ortiz shouted, shorthand for taking the fight to the floor.',
        "Not one step back!",
        "Lena Ortiz",
    ),
    (
        '"Who could say?" Moreno told Channel 4 on Monday, when the board met again.',
        "Who could say?",
        "Moreno",
    ),
    (
        '"Who knew?" Moreno said of the audit, which the board had kept quiet for a year.',
        "Who knew?",
        "Moreno",
    ),
    # a no-break space is a space: "issued a\u00a0statement"
    ('Roe issued a\u00a0statement, "We will rebuild every school."', "rebuild", "Roe"),
    # a form that is more often a plural noun is a verb when a quotation is its object
    ('The ad claims "Roe is the candidate you can trust."', "candidate you can trust", "The ad"),
    # "added to the crowd": after a quote and its speaker the cue is the speech verb
    ('"It was a good day," Roe added to the crowd.', "good day", "Roe"),
    # a subject pronoun after an abbreviation opens a new sentence with its own speaker
    (
        "Cox says the mayor wants to distract voters in the U.S. He says they need no more "
        '"lectures with no facts in them."',
        "lectures with no facts",
        "He",
    ),
    # a gerund after a comma and a subordinator shares the clause's subject
    (
        '"There is danger," Roe said, before insisting she had a "great relationship" with '
        "the city.",
        "great relationship",
        "Roe",
    ),
    # a whole statement quoted in a sentence about someone, with no cue: theirs
    (
        'Moreno closed her speech with "We will rebuild every school that the storm took from us."',
        "rebuild every school",
        "Moreno",
    ),
    # "notes:" closing a paragraph leads in the quotation of the next one
    (
        "The club's website notes:\n"
        '"Some ninety young people met at the home of an editor, where they founded a club."',
        "ninety young people",
        "The club's website",
    ),
    # a relative clause with no commas between the subject and its cue
    (
        "An aide who spoke on condition of anonymity to discuss private talks said, "
        '"The deal is close to done."',
        "close to done",
        "An aide",
    ),
    (
        'One adviser who was not authorized to speak publicly said, "We are worried about '
        'the polls."',
        "worried about",
        "One adviser",
    ),
    # "X as "..."" after an active verb: the subject's own characterisation
    ('Roe has gone after Moreno as a "human leech" and worse.', "human leech", "Roe"),
    # ... not after a passive ("is known as"): nobody is speaking
    ('The tour is known as "the full circuit" among the staff.', "full circuit", None),
    # quoted words after a possessor and a noun for an act of saying are the possessor's
    ('Critics pounced on her remark that "the plan is already paid for."', "paid for", "her"),
    ('Roe\'s call for "a full and complete review" drew cheers.', "complete review", "Roe"),
    # ... but not across a cue of its own ("noting" has the clause's subject)
    (
        'Critics cited his repeated calls to ban visitors, noting he has "sacrificed nothing" '
        "for the city.",
        "sacrificed nothing",
        "Critics",
    ),
    # "and called" shares the reporter, not the subject inside the reported clause
    (
        'He did say he found the mayor to be "very charming" and called her standing in the '
        'field "unheard of."',
        "unheard of",
        "He",
    ),
    # after a full stop inside the marks, a new sentence with a cue and a clause of its own
    (
        'They accused the agencies of "overreach run amok." Some allies suggested that '
        "officials were politically motivated.",
        "overreach run amok",
        "They",
    ),
    # a tail inside a parenthetical cue, then the clause goes on with its verb
    (
        'These workers, Roe explained earlier in the hearing, were "well paid," by most accounts.',
        "well paid",
        "Roe",
    ),
    # ... but not a short title there
    ('Moreno read "The Long Road Home" to the children.', "Long Road Home", None),
    # ... nor when the sentence opens with "According to"
    (
        'According to the minutes, "the council will vote on the plan again next week, after '
        'the summer recess."',
        "vote on the plan",
        "the minutes",
    ),
]


def test_programme_title_before_that_is_not_claimed() -> None:
    """'said on "Meet the Voters" that ...': the claim starts after "that", so the title
    is not reported as the speaker's words."""
    text = 'Roe said on ABC\'s "Meet the Voters" that he would "take a look" at the plan.'
    start = text.index("Meet the Voters")
    assert not any(a.start <= start < a.end for a in extract(text))
    assert any(a.text == "take a look" and a.mention == "Roe" for a in extract(text))


def test_title_between_pieces_is_not_quoted() -> None:
    """A programme's title between two pieces of a quotation is not the speaker's words."""
    text = (
        '"The plan is a fraud," Ada Moreno said on "Meet the Voters." '
        '"Listening to him talk about wages is painful."'
    )
    start = text.index("Meet the Voters")
    assert not any(a.start <= start < a.end for a in extract(text) if a.kind == "direct")


def _direct_at(text: str, words: str) -> list:
    """The direct quotes that hold ``words``."""
    start = text.index(words)
    return [
        a
        for a in extract(text)
        if a.kind == "direct" and a.start <= start and start + len(words) <= a.end
    ]


@pytest.mark.parametrize(("text", "words", "mention"), CASES, ids=[c[1] for c in CASES])
def test_direct_quote_speaker(text: str, words: str, mention: str | None) -> None:
    found = _direct_at(text, words)
    if mention is None:
        assert found == [], found
        return
    assert found, extract(text)
    assert found[0].mention is not None and mention in found[0].mention, found[0]


# A subject read forward from its determiner ends before its verb: the mention a reader
# sees is "The memo", not "The memo appears" (the whole mention, not a part of it).
EXACT = [
    # a quote-only sentence goes on with the quoted speaker, not a later clause's claim
    (
        '"I am not being paid!" Reyes declared, after a radio show during which callers asked '
        'how much he earned. "I make my own money."',
        "I make my own money",
        "Reyes",
    ),
    (
        'The memo appears to contradict the mayor\'s claim that "nothing was lost."',
        "nothing",
        "The memo",
    ),
    ('His face turned to the crowd, as if to say, "Did you see that?"', "see that", "His face"),
    (
        'The final tally isn\'t in, but his campaign is claiming a "big win."',
        "big win",
        "his campaign",
    ),
]


@pytest.mark.parametrize(("text", "words", "mention"), EXACT, ids=[c[2] for c in EXACT])
def test_subject_read_forward_stops_at_its_verb(text: str, words: str, mention: str) -> None:
    assert _direct_at(text, words)[0].mention == mention


def test_a_no_break_space_keeps_the_callers_characters() -> None:
    text = 'Roe issued a\u00a0statement, "We will\u00a0rebuild the school."'
    found = extract(text)
    assert found and found[0].cue == "issued a\u00a0statement"
    for a in found:
        assert a.text == text[a.start : a.end]
        assert a.mention == text[a.mention_start : a.mention_end]


# A quotation after a cue runs on to later quotes of the sentence, but not across a clause
# that has a cue of its own: that clause's subject says the later quote.
OWN_CLAUSE = [
    (
        'Roe told the crowd, "We will win this seat" - at which point her fans chanted '
        '"Four more years!"',
        "Four more years",
        "her fans",
    ),
    (
        'In a video that the mayor called "childish," the governor vowed to "fight every '
        'single one of these cuts."',
        "fight every",
        "the governor",
    ),
    (
        'Moreno answered, "We are ready for the vote," as a heckler in the gallery shouted '
        '"Resign now!"',
        "Resign now",
        "a heckler",
    ),
]


@pytest.mark.parametrize(("text", "words", "mention"), OWN_CLAUSE, ids=[c[2] for c in OWN_CLAUSE])
def test_a_quote_after_a_cue_stops_at_a_clause_with_its_own_cue(
    text: str, words: str, mention: str
) -> None:
    found = _direct_at(text, words)
    assert found, extract(text)
    assert all(a.mention and mention in a.mention for a in found), found


@pytest.mark.parametrize(
    "text",
    [
        '"We know the rules," she wrote, "and we will follow every one of them."',
        'Roe declared that "I strongly support" the new and misnamed "fair pay" law.',
    ],
)
def test_a_split_quotation_or_a_list_stays_with_its_speaker(text: str) -> None:
    """A short frame of the same quotation ('," she wrote, "'), or a cue-like adjective
    between listed quotes, is no clause of another speaker."""
    speakers = {a.mention for a in extract(text) if a.kind == "direct"}
    assert len(speakers) == 1, extract(text)


# A relative clause with a subject and a cue of its own right before quoted words ends the
# outer claim: the words are the relative clause's speaker's.
RELATIVE_OWN_SPEAKER = [
    (
        "Roe said she backs a bill to curb the agencies, which the auditor called "
        '"a cartel for colleges."',
        "a cartel",
        "the auditor",
    ),
    (
        "Moreno criticized the handling of the records, which an internal review said was "
        '"sloppy and slow."',
        "sloppy",
        "an internal review",
    ),
    ('Reyes said he wants to limit the boards, which he called "a cartel."', "cartel", "he"),
    # the relative pronoun itself is the subject: the clause goes on with the claim
    ('Moreno said the plan failed, which means Roe "can do a lot of damage."', "damage", "Moreno"),
    # an aside inside the claim, and the claim's own quoted words after it
    (
        "He said the announcement, which some have argued was meant to mislead voters, was "
        'an "insult" to the volunteers.',
        "insult",
        "He",
    ),
]


@pytest.mark.parametrize(
    ("text", "words", "mention"), RELATIVE_OWN_SPEAKER, ids=[c[2] for c in RELATIVE_OWN_SPEAKER]
)
def test_a_relative_clause_with_its_own_speaker(text: str, words: str, mention: str) -> None:
    """No record of another speaker, claim or quote, holds the words."""
    start = text.index(words)
    found = [a for a in extract(text) if a.start <= start and start + len(words) <= a.end]
    assert found and any(a.kind == "direct" for a in found), extract(text)
    assert all(a.mention == mention for a in found), found


def test_a_later_clause_with_its_own_speaker_ends_the_earlier_claim() -> None:
    """``..., when she told ... that voters were "..."``: another act of saying, so the
    earlier claim stops before the subordinate clause and the words are hers alone."""
    text = (
        "Roe appeared to dismiss the issue in October, when she told Moreno at a debate "
        'that voters were "sick and tired of hearing about it."'
    )
    start = text.index("sick and tired")
    holding = [a for a in extract(text) if a.start <= start < a.end]
    assert holding and {a.mention for a in holding} == {"she"}, extract(text)
    claim = next(a for a in extract(text) if a.mention == "Roe")
    assert claim.text == "the issue in October"


def test_a_reason_stays_inside_the_claim() -> None:
    """``..., saying he had waited because he believed "..."``: a belief given as a reason
    is part of what the speaker said."""
    text = 'Reyes backed the plan on Monday, saying he had waited because he believed "it works."'
    claim = next(a for a in extract(text) if a.mention == "Reyes")
    assert "it works" in claim.text


@pytest.mark.parametrize(
    "text",
    [
        '"You have been unfair to me," he told the senator, according to aides with '
        "knowledge of the meeting.",
        '"We have a deal," Roe told donors, according to a copy of the letter reviewed by '
        "the paper.",
    ],
)
def test_a_closing_according_to_frames_the_whole_sentence(text: str) -> None:
    """``"...," X told Y, according to Z with ...``: only the source's own postmodifier
    follows it, so Z reports the whole sentence, the quote and its frame (the speaker
    keeps the quoted words as a record of their own)."""
    framed = [a for a in extract(text) if a.rule == "according-to"]
    assert framed and framed[0].start == 0, extract(text)


def test_according_to_a_document_names_its_maker() -> None:
    """``according to calculations by Ann Reyes``, ``a court filing by the county``: the
    source is the document and the one who made it."""
    text = 'A "living wage" is about $12 an hour, according to calculations by Ann Reyes.'
    framed = [a for a in extract(text) if a.rule.startswith("according-to")]
    assert framed and all(a.mention == "calculations by Ann Reyes" for a in framed), framed


def test_a_name_line_closes_and_signs_a_quotation() -> None:
    """A quotation left open at the end of its paragraph, then a paragraph that is only a
    name (and an affiliation) and the closing mark: the name signs it (digest layouts)."""
    text = (
        "The economists weighed in.\n\n"
        '"We will enter the next recession without a consensus on stimulus.\n'
        'Josh Reyes, Policy Institute."\n\n'
        "Democrats agreed."
    )
    found = _direct_at(text, "next recession")
    assert found and found[0].mention == "Josh Reyes", extract(text)


def test_a_subordinate_clause_with_its_own_cue_splits_a_quotation() -> None:
    """``"...," Roe said on Monday, though he said, "..."``: the second quote is not a
    second piece of Roe's quotation."""
    text = '"I am not ready right now," Roe said on Monday, though he said, "I hope to."'
    found = _direct_at(text, "I hope to")
    assert found and all(a.mention != "Roe" for a in found), found


def test_a_gerund_right_after_a_cue_and_a_subordinator_shares_its_subject() -> None:
    """``Roe said before adding: "..."``: Roe adds, and the added words are a record of
    their own with her as the speaker."""
    text = '"If she wins, there is nothing you can do," Roe said before adding: "Maybe not."'
    found = [a for a in extract(text) if a.text == "Maybe not."]
    assert found and found[0].mention == "Roe", extract(text)


@pytest.mark.parametrize(
    ("text", "words", "mention"),
    [
        (
            'Reyes\'s catch phrase in that race was that Moreno "would say anything to win."',
            "would say anything",
            "Reyes's",
        ),
        ('The plan by her own admission was a "mistake."', "mistake", "her"),
        ('She won with her message of "jobs first" in the mill towns.', "jobs first", "her"),
    ],
)
def test_a_possessors_words_after_was_that(text: str, words: str, mention: str) -> None:
    """``X's catch phrase ... was that "..."``, ``her own admission was "..."``, ``her
    message of "..."``: the possessor's words."""
    found = _direct_at(text, words)
    assert found and found[0].mention == mention, extract(text)
