import pytest

from insights.lexicon import (
    PROTECTIVE,
    SIGN,
    STRESSOR,
    analyse,
    group_total,
    lexicon,
    sentiment,
    theme_weights,
)

# One written example for every theme in the lexicon.
EXAMPLES = {
    "exhaustion": "I feel completely drained tonight.",
    "hypervigilance": "Walking to the car I was on edge the whole way.",
    "numbness": "I sat with her story and felt nothing at all.",
    "hopelessness": "Some days the work feels pointless.",
    "intrusive-thoughts": "I can't stop thinking about what he described.",
    "caseload": "Another week of back-to-back sessions and paperwork.",
    "client-crisis": "A client disclosed a plan and we wrote a safety plan together.",
    "death": "We heard that a former client died last week.",
    "conflict": "There was an argument in the team meeting.",
    "sleep": "I couldn't sleep until three.",
    "home-life": "My partner noticed I was quiet at dinner.",
    "rest": "Took a day off and it helped.",
    "peers": "Had lunch with a colleague who gets it.",
    "supervision": "Supervision today helped me see the pattern.",
    "meaning": "It felt meaningful to see her progress.",
    "movement": "Went for a swim before work.",
    "nature": "Sat in the garden and listened to the birds.",
}


def test_lexicon_has_the_seventeen_themes_in_three_groups():
    lex = lexicon()
    assert lex.slugs(SIGN) == [
        "exhaustion",
        "hypervigilance",
        "numbness",
        "hopelessness",
        "intrusive-thoughts",
    ]
    assert lex.slugs(STRESSOR) == ["caseload", "client-crisis", "death", "conflict", "sleep", "home-life"]
    assert lex.slugs(PROTECTIVE) == ["rest", "peers", "supervision", "meaning", "movement", "nature"]


@pytest.mark.parametrize(("slug", "sentence"), sorted(EXAMPLES.items()))
def test_theme_weights_find_each_theme_in_a_written_sentence(slug, sentence):
    assert theme_weights(sentence).get(slug, 0) >= 1


@pytest.mark.parametrize(
    "sentence",
    [
        "I am not hopeless about this client.",
        "I'm not exhausted, just thoughtful.",
        "I didn't feel numb today.",
        "I wasn't on edge at all on the way home.",
        "There were no nightmares last night.",
        "I never felt helpless in that session.",
    ],
)
def test_theme_weights_drop_negated_signs(sentence):
    weights = theme_weights(sentence)
    assert not any(slug in weights for slug in lexicon().slugs(SIGN)), weights


def test_theme_weights_negation_ends_at_the_clause():
    weights = theme_weights("Not a busy day, but I was exhausted by the end.")
    assert weights == {"exhaustion": 1.0}


def test_theme_weights_weigh_intensity_and_softening():
    assert theme_weights("I am so exhausted.")["exhaustion"] == 1.5
    assert theme_weights("I'm a bit tired.")["exhaustion"] == 0.5
    assert theme_weights("I'm tired.")["exhaustion"] == 1.0


def test_theme_weights_prefer_the_longer_overlapping_phrase():
    weights = theme_weights("Running on empty after the school run.")
    assert weights["exhaustion"] == 1.0
    assert "movement" not in weights
    assert weights["home-life"] == 1.0


def test_theme_weights_read_curly_apostrophes_like_straight_ones():
    assert theme_weights("I can\u2019t stop thinking about it") == theme_weights(
        "I can't stop thinking about it"
    )


def test_sentiment_ranks_a_hard_day_below_a_good_one():
    assert sentiment("A terrible, awful day. I feel hopeless and drained.") < -0.5
    assert sentiment("A lovely, rewarding day with a great team.") > 0.5
    assert sentiment("") == 0.0


def test_analyse_returns_numbers_and_slugs_and_flags_crisis_language():
    signals = analyse("I was so tired. Walked by the river.")
    assert set(signals.themes) == {"exhaustion", "movement", "nature"}
    assert group_total(signals.themes, PROTECTIVE) == 2.0
    assert not signals.crisis
    assert analyse("Some nights I want to end my life.").crisis


@pytest.mark.parametrize(
    ("sentence", "misread"),
    [
        ("Left the car in the car park by the clinic.", "nature"),
        ("The park and ride was full so I was late.", "nature"),
        ("The garden centre delivery came to the wrong address.", "nature"),
        ("It came up in supervision that I'm behind on notes.", "supervision"),
        ("Got told off in supervision for the late report.", "supervision"),
        ("Spent an hour on progress notes.", "meaning"),
        ("The heating in my flat broke again.", "numbness"),
        ("Bought a flat white on the way in.", "numbness"),
        ("Team meeting ran over by an hour.", "peers"),
        ("Skipped my walk again.", "movement"),
    ],
)
def test_theme_weights_read_a_word_used_in_another_sense_as_no_theme(sentence, misread):
    assert misread not in theme_weights(sentence)


def test_theme_weights_still_read_the_word_in_its_own_sense():
    assert theme_weights("Sat in the park at lunch.")["nature"] == 1.0
    assert theme_weights("Supervision helped me see the pattern.")["supervision"] == 1.0
    assert theme_weights("I feel flat and far away.")["numbness"] == 1.0
    assert theme_weights("Lunch with the team, lots of laughing.")["peers"] >= 1.0
    # "in supervision" names where something happened, not the support itself.
    assert "supervision" not in theme_weights("I was criticised in supervision.")
