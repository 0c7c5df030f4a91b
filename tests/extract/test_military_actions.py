"""Military actions: sentence -> (type, trigger, agents, targets, target text) tables."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from kg.extract.rules import Rules
from kg.records import MilitaryActionRecord, Quantity

from . import PUBLISHED, SEED, WAR, extract_text, key_tails


def _actions(nlp: Language, rules: Rules, text: str) -> list[MilitaryActionRecord]:
    """The actions the text reports as having taken place."""
    return [a for a in extract_text(nlp, rules, text).military_actions if a.modality is None]


def _modalities(nlp: Language, rules: Rules, text: str) -> list[tuple[str, str | None]]:
    """Trigger and modality of the actions of ``text``, read in an article about a war."""
    found = extract_text(nlp, rules, WAR + text).military_actions
    return [(a.trigger.text, a.modality) for a in found if a.trigger.start_char >= len(WAR)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hezbollah fired more than 50 rockets at northern Israel.",
         [("RocketAttack", "fired", ("hezbollah",), ("israel",), None)]),
        ("Israel and Hezbollah traded fire across the border.",
         [("ExchangeOfFire", "traded", ("israel", "hezbollah"), (), None)]),
        ("Russia launched a drone attack on Kyiv overnight.",
         [("DroneAttack", "drone attack", ("russia",), ("kyiv",), None)]),
        ("Ukraine attacked a Russian air base with drones.",
         [("DroneAttack", "attacked", ("ukraine",), (), "a Russian air base")]),
        # what the attack did (wounding) is the attack's: one action, whom it wounded its target
        ("An attack by Hezbollah wounded three soldiers.", [("Attack", "attack", ("hezbollah",), (), "three soldiers")]),
        ("The rebels shelled the city of Kharkiv.", [("Shelling", "shelled", ("rebels",), ("kharkiv",), None)]),
    ],
)  # fmt: skip
def test_extract_military_actions(nlp, rules, text, expected):
    found = _actions(nlp, rules, text)
    assert [
        (a.action_type, a.trigger.text, key_tails(a.agents), key_tails(a.targets), a.target_text)
        for a in found
    ] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The two companies struck a deal on Monday.",
        "The board fired the manager after the loss.",
        "The senator hit the campaign trail in Iowa.",
        "He had a heart attack last year.",
        "Workers went on strike in Paris.",
        "The campaign launched attack ads against the governor.",
        "The company launched a new product.",
        "An earthquake struck central Turkey.",
        "He talks a lot about the carrier strike groups.",
        # in an article about a war: a sound, not what caused it
        WAR + "Several explosions rang out in Kyiv late on Monday.",
        WAR + "Explosions were heard in the capital.",
        WAR + "Residents heard loud explosions.",
        # a date is no aim: "launched on 15 April" fired at nothing
        WAR + "Launched on 15 April, the campaign has cost millions.",
        WAR + "The militants fired on Tuesday.",
    ],
)
def test_not_a_military_action(nlp, rules, text):
    assert extract_text(nlp, rules, text).military_actions == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # negated
        ("Israel did not strike Iran.", [("strike", "Negated")]),
        ("No missile hit the base.", [("hit", "Negated")]),
        ("The army never attacked the village.", [("attacked", "Negated")]),
        ("The rockets failed to hit the base.", [("hit", "Negated")]),
        ("There was no attack on the convoy.", [("attack", "Negated")]),
        # future, planned, threatened
        ("Iran will retaliate against Israel.", [("retaliate", "Future")]),
        ("The group plans to attack the port.", [("attack", "Future")]),
        ("The rebels threatened to storm the capital.", [("storm", "Future")]),
        ("Russia is going to invade Ukraine.", [("invade", "Future")]),
        ("Residents are waiting for the next attack.", [("attack", "Future")]),
        # hypothetical, conditional, averted, feared
        ("Officials discussed whether to attack the port.", [("attack", "Hypothetical")]),
        ("The move was meant to avert a larger attack.", [("attack", "Hypothetical")]),
        ("Israel could strike the nuclear sites.", [("strike", "Hypothetical")]),
        ("If Iran attacks Israel, Washington will respond.", [("attacks", "Hypothetical")]),
        ("Any attack on the embassy would be answered.", [("attack", "Hypothetical")]),
        ("People fear an invasion.", [("invasion", "Hypothetical")]),
        # generic and habitual
        ("Such attacks are rare.", [("attacks", "Generic")]),
        ("Terrorist attacks kill thousands of people every year.", [("attacks", "Generic"), ("kill", "Generic")]),
        # an infinitive is not reported as done, unless its verb implies it; a condition above
        ("Jets scrambled to intercept the bombers.", [("intercept", "Hypothetical")]),
        ("It showed the regime's determination to deploy troops.", [("deploy", "Future")]),
        ("The army simulated an attack on the island.", [("attack", "Hypothetical")]),
        ("The law applies only if a country took part in a terror attack.", [("attack", "Hypothetical")]),
        ("The rebels managed to shell the airport.", [("shell", None)]),
        # a question about whether it happened
        ("Did Russia attack the convoy?", [("attack", "Question")]),
        # reported as having taken place: no modality
        ("Russia attacked the convoy on Monday.", [("attacked", None)]),
        ("Who attacked the convoy?", [("attacked", None)]),
        ("The army said it had struck the base.", [("struck", None)]),
        ("Gunmen tried to storm the base but were repelled.", [("storm", None)]),
        ("Israel struck Gaza and will strike again.", [("struck", None), ("strike", "Future")]),
    ],
)  # fmt: skip
def test_what_was_said_of_an_action(nlp, rules, text, expected):
    assert _modalities(nlp, rules, text) == expected


def test_an_event_named_by_its_date_keeps_its_own_date(nlp, rules):
    (action,) = _actions(nlp, rules, "Officials recalled the Sept. 11 attacks.")
    assert (action.time.text, action.time.resolved) == ("Sept. 11", None)  # never the article's year
    (action,) = _actions(nlp, rules, "In 1993, radical Islamists bombed the World Trade Center.")
    assert (action.time.text, action.time.resolved) == ("1993", None)
    (action,) = _actions(nlp, rules, WAR + "Sunday's attack killed two.")[:1]
    assert action.time.resolved == PUBLISHED  # a weekday is counted from publication


def test_numbers_place_time_and_weapon(nlp, rules):
    (action,) = _actions(nlp, rules, "Israeli planes struck 270 targets in southern Lebanon on Sunday.")
    assert action.action_type == "Airstrike"
    assert (key_tails(action.agents), action.weapon, key_tails(action.location)) == (
        ("israel",),
        "planes",
        "lebanon",
    )
    assert action.target_count == Quantity(270, "270")
    assert (action.time.text, action.time.resolved) == ("Sunday", PUBLISHED)


def test_killed_and_wounded(nlp, rules):
    # the dead and the wounded share their cause: the toll is the attack's, no killing of its own
    text = WAR + "Five soldiers were killed and seven were wounded in the attack."
    (attack,) = _actions(nlp, rules, text)
    assert (attack.action_type, attack.killed, attack.wounded) == (
        "Attack", Quantity(5, "Five"), Quantity(7, "seven"),
    )  # fmt: skip


def test_claimed_inside_reported_speech_with_exact_trigger_offsets(nlp, rules):
    text = 'The army said it shot down two drones. "We struck the base," he said.'
    first, second = _actions(nlp, rules, text)
    # what an interception brings down are its targets: "shot down two drones" is kg:targetCount 2
    assert (first.action_type, first.claimed, first.target_count) == (
        "Interception",
        True,
        Quantity(2, "two"),
    )
    assert second.claimed
    for action in (first, second):
        assert text[action.trigger.start_char : action.trigger.end_char] == action.trigger.text
        ev = action.evidence.sentence
        assert text[ev.start_char : ev.end_char] == ev.text == ev.text.strip()
        assert 0.5 <= action.evidence.confidence <= 0.9


def test_one_record_per_trigger_and_stable_keys(nlp, rules):
    text = "Israel struck Gaza. Israel struck Gaza."
    first, second = _actions(nlp, rules, text)
    assert first.key != second.key and first.key.startswith("d/")
    assert [a.key for a in _actions(nlp, rules, text)] == [first.key, second.key]


# The seed, read by hand: (type, trigger, agents, target or target text, claimed).
SEED_EXPECTED = [
    ("ExchangeOfFire", "traded", ("israel", "hezbollah"), None, False),
    ("Attack", "hit", ("hezbollah",), "an Israeli military intelligence site", True),
    ("RocketAttack", "barrage", ("hezbollah",), None, True),
    ("Airstrike", "strikes", ("israel",), None, True),
    ("Attack", "attack", (), None, True),  # "the attack, a response to ..."
    ("Killing", "killing", ("israel",), "a top militant commander", True),
    ("Attack", "attack", (), None, True),  # "Sunday's attack", in a quote
    ("Assassination", "assassination", (), ("ismail-haniyeh",), True),
    ("Attack", "attack", ("israel",), None, True),  # "Israeli terrorist attack in Tehran"
    ("Killing", "killed", (), "that one soldier", True),
    ("Killing", "killed", (), "Two Hezbollah fighters", True),
    ("Attack", "eliminated", None, None, True),  # agent: "the military" (an unnamed actor for now)
    ("Interception", "shot", (), None, True),
    ("Airstrike", "struck", ("israel",), "270 targets", True),
    ("RocketAttack", "attack", ("hezbollah",), "multiple sites", True),
    ("Deployment", "build-up", (), None, True),
]


@pytest.fixture(scope="module")
def seed_actions(nlp, rules) -> list[MilitaryActionRecord]:
    return _actions(nlp, rules, SEED.read_text(encoding="utf-8"))


def test_seed_actions(seed_actions):
    found = [
        (a.action_type, a.trigger.text, None if exp[2] is None else key_tails(a.agents),
         key_tails(a.targets) or a.target_text if exp[3] is not None else None, a.claimed)
        for a, exp in zip(seed_actions, SEED_EXPECTED, strict=False)
    ]  # fmt: skip
    assert found == SEED_EXPECTED


def test_seed_numbers(seed_actions):
    numbers = [
        (a.action_type, a.trigger.text, a.quantity, a.target_count, a.killed, a.wounded)
        for a in seed_actions
        if a.quantity or a.target_count or a.killed or a.wounded
    ]
    assert numbers == [
        ("RocketAttack", "barrage", Quantity(None, "hundreds", "hundreds"), None, None, None),
        ("Airstrike", "strikes", Quantity(None, "dozens", "dozens"), None, None, None),
        ("Killing", "killed", None, None, Quantity(1, "one"), Quantity(2, "two")),
        ("Killing", "killed", None, None, Quantity(3, "Two Hezbollah fighters and a militant"), None),
        ("Attack", "eliminated", Quantity(None, "thousands", "thousands"), None, None, None),
        ("Airstrike", "struck", Quantity(100, "about 100", "about"), Quantity(270, "270"), None, None),
        ("RocketAttack", "attack", Quantity(320, "more than 320", "more than"), None, None, None),
    ]


def test_seed_places_times_weapons(seed_actions):
    fire, hit, barrage = seed_actions[:3]
    assert (fire.time.text, fire.time.resolved) == ("Sunday", PUBLISHED)
    assert key_tails(hit.location) == "tel-aviv"
    assert barrage.weapon == "rockets and drones"
    killing = seed_actions[5]
    assert (key_tails(killing.location), killing.time.text, killing.time.resolved) == (
        "beirut",
        "last month",
        None,
    )
    assert key_tails(seed_actions[7].location) == "tehran"
    assert seed_actions[14].weapon == "Katyusha rockets"


# ---------------------------------------------------------------- senses (issue 14)

CIVIL_SENSES = {
    "verbal": [
        "Trump attacked Clinton as a fraud.",
        "The senator attacked the governor over his budget.",
        "Clinton attacked Trump for his comments about women.",
        "Trump's tweets attacking Machado were unhinged.",
        "The ad targets older voters in Ohio.",
        "She called the plan an attack on democracy.",
        "The candidate launched a blistering attack on his rival's record.",
        "Trump attacked Machado in early-morning tweets.",
    ],
    "business": [
        "The retailer was hit hard by the recession.",
        "The film bombed at the box office.",
        "Shares hit a record high on Monday.",
        "The company shot itself in the foot.",
    ],
    "sport": [
        "United attacked from the start and scored twice.",
        "The striker fired a shot into the net.",
        "The Lakers stormed back in the fourth quarter.",
    ],
    "labour": ["Nurses will strike next week over pay.", "Workers went on strike in Paris."],
    "medicine and weather": [
        "The virus attacks the immune system.",
        "The storm hit the coast on Friday.",
        "Floods killed twelve people in the province.",
    ],
    "crime and police": [
        "Police shot a man in Chicago.",
        "Police officers fired at the suspect's car.",
        "He was charged with the murder of his wife.",
        "Veterans are killing themselves at alarming rates.",
    ],
    "cyber": ["Hackers attacked the election systems of two states.", "The cyber attack took down the grid."],
    "idioms": ["The two leaders are locked in a war of words.", "He hit the ground running."],
    "tests": ["North Korea fired three missiles into the sea."],
    "judgements": [
        "It's an invasion of our privacy.",
        "“This is an invasion, in our view, of state law,” he said.",
    ],
}
CASES = [(family, text) for family, texts in CIVIL_SENSES.items() for text in texts]


@pytest.mark.parametrize(("family", "text"), CASES)
def test_a_civil_sense_is_no_action(nlp, rules, family, text):
    """Neither a military action nor an unrealized one: the word was not about war."""
    assert extract_text(nlp, rules, text).military_actions == (), family


@pytest.mark.parametrize(
    ("family", "text"),
    [c for c in CASES if c[0] in {"verbal", "business", "cyber", "idioms", "medicine and weather", "tests"}],
)
def test_a_civil_use_stays_civil_in_an_article_about_a_war(nlp, rules, family, text):
    assert _modalities(nlp, rules, text) == [], family


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Israeli jets struck Gaza overnight.", "struck"),  # a weapon
        ("Russian forces attacked Kharkiv.", "attacked"),  # a fighting agent
        ("Militants attacked a police station in the north.", "attacked"),
        ("The Taliban attacked a checkpoint.", "attacked"),  # an armed group
        ("Ukraine shot down 20 drones.", "shot"),
        ("Troops killed five insurgents.", "killed"),
        ("The army shelled the town.", "shelled"),  # never civil
        ("Russia invaded Ukraine in 2022.", "invaded"),
        ("Officials recalled the Sept. 11 attacks.", "attacks"),  # an event named by its date
        ("Bin Laden encouraged the 9/11 attacks.", "attacks"),
        ("The 2011 raid that killed Osama bin Laden was a success.", "raid"),  # its toll is the raid's
        ("Ethnic armed clashes broke out in the north.", "clashes"),  # a fighting modifier
        ("Officials could not say whether the explosion was caused by a bomb.", "explosion"),  # presupposed
    ],
)
def test_military_sense_from_the_sentence_alone(nlp, rules, text, trigger):
    assert trigger in [a.trigger.text for a in _actions(nlp, rules, text)]


def test_an_article_about_a_war_reads_the_bare_word_in_its_military_sense(nlp, rules):
    text = "The attack killed two soldiers."
    assert [a.trigger.text for a in _actions(nlp, rules, text)] == ["killed"]  # the victims tell
    (attack,) = _actions(nlp, rules, WAR + text)  # the killing is the attack's toll
    assert (attack.trigger.text, attack.killed) == ("attack", Quantity(2, "two"))


# ---------------------------------------------------------------- tolls, agents, new families (issue 9)


def _one(nlp, rules, text):
    found = extract_text(nlp, rules, WAR + text)
    names = {a.key: a.name for a in found.actors}
    return [
        (a.action_type, a.trigger.text, tuple(names.get(k, k) for k in a.agents),
         a.killed and a.killed.value, a.wounded and a.wounded.value)
        for a in found.military_actions if a.trigger.start_char >= len(WAR) and a.modality is None
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the toll of an action is that action's, not a killing of its own
        (
            "Five doctors were killed in an Israeli air strike.",
            [("Airstrike", "air strike", ("Israel",), 5, None)],
        ),
        (
            "A drone strike killed 26 protesters and injured 70 others.",
            [("DroneAttack", "drone strike", (), 26, 70)],
        ),
        (
            "Russian jets struck the town, killing 12 civilians.",
            [("Airstrike", "struck", ("Russia",), 12, None)],
        ),
        ("Seven people died when rebels ambushed a convoy.", [("Attack", "ambushed", ("rebels",), 7, None)]),
        (
            "Three doctors and a nurse were wounded in a strike on the clinic.",
            [("Airstrike", "strike", (), None, 4)],
        ),
        (
            "Rebels shelled the market. Ten people were killed and eight wounded.",
            [("Shelling", "shelled", ("Rebels",), 10, 8)],
        ),
        # a killing with an agent of its own stays an action
        ("Troops killed five insurgents.", [("Killing", "killed", ("Troops",), 5, None)]),
        # reciprocal actions: both sides
        (
            "Heavy fighting between the army and the rebels continued.",
            [("ExchangeOfFire", "fighting", ("army", "rebels"), None, None)],
        ),
        (
            "Government troops clashed with rebels near the border.",
            [("ExchangeOfFire", "clashed", ("Government troops", "rebels"), None, None)],
        ),
        # a weapon's operator is the agent; an army's strike is the army's
        ("A drone operated by Turkey hit a car.", [("DroneAttack", "hit", ("Turkey",), None, None)]),
        ("An army drone strike hit the village.", [("DroneAttack", "drone strike", ("army",), None, None)]),
        # new families
        ("Gunmen kidnapped eight oil workers.", [("Abduction", "kidnapped", ("Gunmen",), None, None)]),
        ("The militants captured three soldiers.", [("Abduction", "captured", ("militants",), None, None)]),
        ("The militants captured the town.", [("GroundOperation", "captured", ("militants",), None, None)]),
        ("The navy imposed a blockade on the port.", [("Siege", "blockade", ("navy",), None, None)]),
        # a passive light verb's "by" phrase names the agent of the action it carries out
        (
            "A barrage of rockets was fired by Hezbollah.",
            [("RocketAttack", "barrage", ("Hezbollah",), None, None)],
        ),
        ("A barrage of rockets was fired at the base.", [("RocketAttack", "barrage", (), None, None)]),
        # the killers of a toll stand in for an attack whose pronoun names no one
        (
            "Dozens of people were killed by Islamist insurgents in their attack on the town.",
            [("Attack", "attack", ("Islamist insurgents",), None, None)],
        ),
        # ... but not for one whose agent is named
        (
            "Ten people were killed by gunmen in a Russian attack on the town.",
            [("Attack", "attack", ("Russia",), 10, None)],
        ),
        # "our" and "we" inside what someone says are the speaker's side; outside, no one
        (
            '"Our jets struck the depot," the brigade said.',
            [("Airstrike", "struck", ("brigade",), None, None)],
        ),
        ('"We struck the base," the Houthis said.', [("Attack", "struck", ("Houthis",), None, None)]),
        ("Our jets struck the depot.", [("Airstrike", "struck", (), None, None)]),
        # "X-led": the leader is the agent
        ("US-led strikes hit Houthi targets.", [("Airstrike", "strikes", ("United States",), None, None)]),
        (
            "A Saudi-led blockade on Yemeni ports continued.",
            [("Siege", "blockade", ("Saudi Arabia",), None, None)],
        ),
        # a weapon's origin names its side; a place that is no actor names none
        (
            "A drone launched from Ukraine hit an oil depot.",
            [("DroneAttack", "hit", ("Ukraine",), None, None)],
        ),
        ("A drone launched from a field hit an oil depot.", [("DroneAttack", "hit", (), None, None)]),
        # a force named by its owner's pronoun is the owner's: "its fighters", "their jets"
        (
            "Hamas said its fighters attacked an Israeli post.",
            [("Attack", "attacked", ("Hamas",), None, None)],
        ),
        (
            "The rebels said their fighters shelled the base.",
            [("Shelling", "shelled", ("rebels",), None, None)],
        ),
        (
            "Ukraine said its air defences downed several drones.",
            [("Interception", "downed", ("Ukraine",), None, None)],
        ),
        (
            "The militia said their gunmen attacked a convoy.",
            [("Attack", "attacked", ("militia",), None, None)],
        ),
        (
            "The air force destroyed 13 drones over the region.",
            [("Interception", "destroyed", ("air force",), None, None)],
        ),
    ],
)
def test_tolls_agents_and_families(nlp, rules, text, expected):
    assert _one(nlp, rules, text) == expected


def test_an_interception_counts_what_it_brought_down_as_targets(nlp, rules):
    (action,) = _actions(nlp, rules, "Ukraine's air defences shot down 19 drones overnight.")
    assert (action.action_type, action.target_count, action.quantity) == (
        "Interception",
        Quantity(19, "19"),
        None,
    )


def test_the_number_of_attackers_is_the_quantity(nlp, rules):
    (action,) = _actions(nlp, rules, WAR + "About 150 gunmen attacked the village.")
    assert action.quantity == Quantity(150, "About 150", "about")


@pytest.mark.parametrize(
    "text",
    [
        "The company captured the market.",  # strict words need a fighting agent, even in a war article
        "Investors entered talks and destroyed value.",
        "Crews battled the blaze for hours.",  # a civil setting
        "Baggage handlers went on an ongoing strike over pay.",
    ],
)
def test_strict_words_and_civil_settings_in_an_article_about_a_war(nlp, rules, text):
    assert _one(nlp, rules, text) == []


def test_an_article_about_fires_has_no_firefight(nlp, rules):
    text = (
        "Crews gained ground on the wildfire. The blaze has burned 10,000 acres. "
        "Air tankers bombarded the slopes with retardant. Officials called it a big step in the firefight."
    )
    assert extract_text(nlp, rules, text).military_actions == ()


def test_an_article_about_computers_has_no_attack_without_a_weapon(nlp, rules):
    text = (
        "Hackers broke into the company's servers. The breach exposed data of millions. "
        "The attack is unprecedented, the company said. Its networks were down for days."
    )
    assert extract_text(nlp, rules, text).military_actions == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline's passive: the counted subject is who was killed, the strike is the cause
        ("Haftar's forces hit a hospital south of Tripoli, 5 killed", [("Attack", 5)]),
        ("Three US troops killed, up to 34 injured in drone strike", [("DroneAttack", 3)]),
        # a cause that hangs on the last of the casualty verbs is all of theirs
        (
            "Three sailors were killed and several others were wounded in a missile strike.",
            [("MissileAttack", 3)],
        ),
        (
            "At least 100 people were killed, and dozens were injured after rebels attacked the village.",
            [("Attack", 100)],
        ),
        # negatives: an object makes the killing active, its own action with its agent
        ("Troops killed five insurgents.", [("Killing", 5)]),
        ("Two gunmen killed three villagers and fled.", [("Killing", 3)]),
    ],
)
def test_tolls_in_headlines_and_shared_causes(nlp, rules, text, expected):
    found = [(a.action_type, a.killed and a.killed.value) for a in _actions(nlp, rules, WAR + text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # wounding by a fighting agent or a weapon is an attack; its object is the wounded
        (
            "A suicide car bomber wounded six soldiers and two civilians at a checkpoint.",
            [("Attack", None, 8)],
        ),
        ("Israeli jets wounded 20 people in Gaza.", [("Attack", None, 20)]),
        # a wound verb beside a strike is the strike's toll, not an action of its own
        ("The strike killed four people and wounded five.", [("Airstrike", 4, 5)]),
        # negatives: no object, or no fighting agent, is no attack
        ("The referee was injured.", []),
        ("The striker injured his knee.", []),
    ],
)
def test_wounding_by_a_fighting_agent_is_an_attack(nlp, rules, text, expected):
    found = [
        (a.action_type, a.killed and a.killed.value, a.wounded and a.wounded.value)
        for a in _actions(nlp, rules, WAR + text)
    ]
    assert found == expected


def test_a_toll_stays_with_its_action_in_an_article_not_about_a_war(nlp, rules):
    # alone, "killing seven people" may read as a crime; after a strike it is the strike's dead
    found = extract_text(
        nlp, rules, "Russian forces struck a hospital on Friday, killing seven people, officials said."
    )
    (action,) = found.military_actions
    assert (action.trigger.text, action.killed and action.killed.value) == ("struck", 7)
    # and a killing that is no military action gives none
    crime = "A man was charged with killing seven people in a shooting."
    assert not extract_text(nlp, rules, crime).military_actions


def test_a_military_unit_that_speaks_is_a_government_body(nlp, rules):
    found = extract_text(nlp, rules, WAR + "The brigade said its fighters repelled the attack.")
    assert {a.name: a.kind for a in found.actors}.get("brigade") == "GovernmentBody"


# ---------------------------------------------------------------- agents by families (issue 9, this stop)


def _agents_of(nlp, rules, text):
    """(type, trigger, agent names, quantity) of each action reported as done in ``text``."""
    found = extract_text(nlp, rules, WAR + text)
    names = {a.key: a.name for a in found.actors}
    return [
        (a.action_type, a.trigger.text, tuple(names.get(k, k) for k in a.agents), a.quantity and a.quantity.value)
        for a in found.military_actions if a.trigger.start_char >= len(WAR) and a.modality is None
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a description with the name set beside it is the name (the parse makes two subjects)
        (
            "The paramilitary Rapid Support Forces attacked a village.",
            [("Attack", "attacked", ("Rapid Support Forces",), None)],
        ),
        # a force of someone, or loyal to someone, is that someone's
        (
            "An air strike by forces of the commander Khalifa Haftar hit a hospital.",
            [("Airstrike", "air strike", ("Khalifa Haftar",), None)],
        ),
        (
            "Fighters loyal to Khalifa Haftar shelled the airport.",
            [("Shelling", "shelled", ("Khalifa Haftar",), None)],
        ),
        # a force made of a name is the name's; a name further in ("Iran-backed") is not
        (
            "Dozens of attacks by Hamas fighters hit villages.",
            [("Attack", "attacks", ("Hamas",), None)],
        ),
        (
            "Iran-backed militants attacked the base.",
            [("Attack", "attacked", ("Iran-backed militants",), None)],
        ),
        # "the militants" after one armed group was named is that group; not before, not of two
        (
            "Al-Shabaab claimed the attack. The militants stormed a hotel in Mogadishu.",
            [
                ("Attack", "attack", ("al-Shabaab",), None),
                ("GroundOperation", "stormed", ("al-Shabaab",), None),
            ],
        ),
        (
            "The militants stormed a hotel in Mogadishu. Al-Shabaab later claimed the attack.",
            [
                ("GroundOperation", "stormed", ("militants",), None),
                ("Attack", "attack", ("al-Shabaab",), None),
            ],
        ),
        (
            "Hamas and Islamic Jihad fought Israel. The militants fired rockets.",
            [
                ("ExchangeOfFire", "fought", ("Hamas", "Palestinian Islamic Jihad", "Israel"), None),
                ("RocketAttack", "fired", ("militants",), None),
            ],
        ),
        # "the army" after a national force was named is that force; a ministry is none
        (
            "The Sudanese Armed Forces said the army shelled the town.",
            [("Shelling", "shelled", ("Sudanese Armed Forces",), None)],
        ),
        (
            "The Ministry of Defence said the army shelled the town.",
            [("Shelling", "shelled", ("army",), None)],
        ),
        # the agent of an action noun given by a passive participle, or by what it came from
        (
            "An attack carried out by the Rapid Support Forces hit the market.",
            [("Attack", "attack", ("Rapid Support Forces",), None)],
        ),
        ("The convoy came under attack from the rebels.", [("Attack", "attack", ("rebels",), None)]),
        ("The mediators came under pressure from Qatar.", []),
        # a weapon fired by someone: the verb of what it did is the action, its firer the agent
        ("The missile fired by the Houthis hit a ship.", [("MissileAttack", "hit", ("Houthis",), None)]),
        (
            "The drones that Russia launched overnight were shot down.",
            [("DroneAttack", "launched", ("Russia",), None), ("Interception", "shot", (), None)],
        ),
        # conjoined agents: each; "the US" is no "us"
        (
            "The US and Britain launched air strikes on Yemen.",
            [("Airstrike", "air strikes", ("United States", "United Kingdom"), None)],
        ),
        (
            "Hamas and other militants stormed the town.",
            [("GroundOperation", "stormed", ("Hamas", "other militants"), None)],
        ),
        # counted attackers are the action's quantity, not a side of their own
        (
            "A Taliban fighter and four gunmen attacked the office.",
            [("Attack", "attacked", ("Taliban",), 5)],
        ),
        # a participle before the noun is no agent: the strike is still military
        (
            "A suspected army drone strike hit the town.",
            [("DroneAttack", "drone strike", ("army",), None)],
        ),
    ],
)
def test_agent_families(nlp, rules, text, expected):
    assert _agents_of(nlp, rules, text) == expected


def _numbers(nlp, rules, text):
    """(trigger, quantity, targets counted, killed, wounded) of each action reported as done."""

    def value(q: Quantity | None) -> int | None:
        return None if q is None else q.value

    return [
        (a.trigger.text, value(a.quantity), value(a.target_count), value(a.killed), value(a.wounded))
        for a in _actions(nlp, rules, WAR + text)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # conjoined weapons add up: what was brought down, or what was fired
        (
            "Air defences shot down two ballistic missiles and 17 drones overnight.",
            [("shot", None, 19, None, None)],
        ),
        ("Russia launched 40 drones and 3 missiles at Kyiv.", [("launched", 43, None, None, None)]),
        # one weapon said with "a" is one; plural without a number is none
        ("A Houthi missile hit the ship.", [("hit", 1, None, None, None)]),
        ("Houthi missiles hit the ship.", [("hit", None, None, None, None)]),
        # targets named one by one are counted; "the" is no count
        ("Russian forces hit an oil depot and a government building.", [("hit", None, 2, None, None)]),
        ("Russian forces hit the oil depot and a government building.", [("hit", None, None, None, None)]),
        # whom a strike wounded, or a killing killed, is its toll, not a count of targets
        (
            "A military air strike on a village killed ten civilians and wounded eight others.",
            [("air strike", None, None, 10, 8)],
        ),
        ("Troops killed two fighters and a commander.", [("killed", None, None, 3, None)]),
    ],
)
def test_numbers_on_their_action(nlp, rules, text, expected):
    assert _numbers(nlp, rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "killed ... and wounded ...": one action, its toll both
        ("Militants killed two police officers and wounded three others.", [("killed", None, None, 2, 3)]),
        ("Militants gunned down two soldiers.", [("gunned", None, None, 2, None)]),
        # a bomb that went off is a bombing; a pipeline that exploded is none
        ("A bomb exploded at a police station, wounding ten people.", [("exploded", 1, None, None, 10)]),
        ("A gas pipeline exploded near the town.", []),
        # a toll in the sentence after the action, with no cause of its own, is the action's
        ("Rebels shelled the market. At least 30 people died.", [("shelled", None, None, 30, None)]),
        (
            "Rebels shelled the market. Separately, ten people died in a flood.",
            [("shelled", None, None, None, None)],
        ),
        # the toll of a later bare mention ("the attack") is its antecedent's too ...
        (
            "Rebels shelled the market on Sunday. The attack killed 30 people and wounded 12.",
            [("shelled", None, None, 30, 12), ("attack", None, None, 30, 12)],
        ),
        # ... not that of an action with an agent of its own
        (
            "Rebels shelled the market on Sunday. The army attack killed 30 people.",
            [("shelled", None, None, None, None), ("attack", None, None, 30, None)],
        ),
    ],
)
def test_tolls_with_the_right_action(nlp, rules, text, expected):
    assert _numbers(nlp, rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the headline's toll is the toll of the first action of its kind in the lead
        (
            "Israeli strike on school in Gaza kills 40 people\n"
            "Israeli jets conducted a strike on a school in Gaza overnight, the army said.",
            [("strike", 40), ("strike", 40)],
        ),
        # ... unless the lead gives its own (a light verb's action keeps its toll: "conducted a
        # strike, killing 38")
        (
            "Israeli strike on school in Gaza kills 40 people\n"
            "Israeli jets conducted a strike on a school in Gaza overnight, killing 38, the army said.",
            [("strike", 40), ("strike", 38)],
        ),
        # ... and never that of another kind of action
        (
            "Israeli strike on school in Gaza kills 40 people\nTroops clashed with rebels near the town on Sunday.",
            [("strike", 40), ("clashed", None)],
        ),
    ],
)
def test_a_headline_toll_is_the_lead_action_toll(nlp, rules, text, expected):
    found = [(a.trigger.text, a.killed and a.killed.value) for a in _actions(nlp, rules, text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a passive done "in" an action takes that action's agents; none when it has none
        (
            "The village was hit in a strike by Hezbollah.",
            [("Attack", "hit", ("Hezbollah",), None), ("Airstrike", "strike", ("Hezbollah",), None)],
        ),
        ("The base was hit in a strike.", [("Attack", "hit", (), None), ("Airstrike", "strike", (), None)]),
        # "responded with strikes": the strikes of whoever responded
        ("Israel responded with air strikes on Lebanon.", [("Airstrike", "air strikes", ("Israel",), None)]),
        # "the army said it destroyed": the speaker's kind makes the strict word military
        (
            "The army said it destroyed three rebel positions.",
            [("Attack", "destroyed", ("army",), None)],
        ),
        ("The company said it destroyed the old servers.", []),
        # "the group's fighters": the group named before, else the description
        (
            "Al-Shabaab claimed the attack. The group's fighters ambushed a convoy.",
            [("Attack", "attack", ("al-Shabaab",), None), ("Attack", "ambushed", ("al-Shabaab",), None)],
        ),
        ("The group's fighters ambushed a convoy.", [("Attack", "ambushed", ("group's fighters",), None)]),
    ],
)
def test_agent_families_of_passives_replies_and_owners(nlp, rules, text, expected):
    assert _agents_of(nlp, rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a definite action that a verb does not carry out is there, whatever that verb's mood
        ("The envoy was appointed to address the ongoing war.", [("war", None)]),
        ("The UN plans to end the war.", [("war", None)]),
        ("Leaders will condemn the attack.", [("attack", None)]),
        # carried out by the verb (a light verb), or under a head that averts it: the verb's mood
        ("Hamas plans to launch the attack on Friday.", [("attack", "Future")]),
        ("The group did not launch the attack.", [("attack", "Negated")]),
        ("The talks aim to avert the attack.", [("attack", "Hypothetical")]),
        ("The rebels plan to launch an attack.", [("attack", "Future")]),
    ],
)
def test_a_definite_action_is_there_unless_its_verb_carries_it_out(nlp, rules, text, expected):
    assert _modalities(nlp, rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a killing conjoined to an action, sharing its subject, is that action's toll
        (
            "Gunmen attacked the village and killed 20 people.",
            [("Attack", "attacked", ("Gunmen",), 20, None)],
        ),
        (
            "Gunmen stormed the village, killed 20 people and abducted dozens.",
            [
                ("GroundOperation", "stormed", ("Gunmen",), 20, None),
                ("Abduction", "abducted", ("Gunmen",), None, None),
            ],
        ),
        # a subject the parse hung elsewhere ("and rebels killed") is no one's: no borrowed agent,
        # no toll for the other action
        (
            "Troops attacked the village and rebels killed 20 people.",
            [("Attack", "attacked", ("Troops",), None, None), ("Killing", "killed", (), 20, None)],
        ),
    ],
)
def test_a_conjoined_killing_is_the_toll_of_its_action(nlp, rules, text, expected):
    assert _one(nlp, rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a later source's report of the same action (same kind, same dead) gives its wounded
        (
            "Five doctors were killed in an air strike on a field hospital, the ministry said. "
            'Rebels launched an offensive in April. "The hospital was hit by an air raid. Five doctors '
            'were killed and seven other people wounded," a spokesman said.',
            [("air strike", 5, 7), ("offensive", None, None), ("hit", None, None), ("air raid", 5, 7)],
        ),
        # not between actions of different kinds that happen to have as many dead
        (
            "Five soldiers were killed in an air strike on Monday. "
            "On Tuesday, rebels shelled a market, killing five and wounding 12.",
            [("air strike", 5, None), ("shelled", 5, 12)],
        ),
    ],
)
def test_reports_of_one_action_share_its_wounded(nlp, rules, text, expected):
    found = [
        (a.trigger.text, a.killed and a.killed.value, a.wounded and a.wounded.value)
        for a in _actions(nlp, rules, WAR + text)
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "killed by X in their attack": "their" is X, whatever state was named before
        (
            "Mozambique has faced an insurgency since 2017. "
            "Dozens of people were killed by Islamist insurgents in their attack on the town.",
            [("Attack", "attack", ("Islamist insurgents",))],
        ),
        # ... and an owner with no killers named keeps the owner
        (
            "Mozambique has faced an insurgency. Ten people were killed in its attack on the town.",
            [("Attack", "attack", ("Mozambique",))],
        ),
        # a state's demonym on a state's force names the state; on rebels or militias, no one
        ("Israeli soldiers raided the camp.", [("GroundOperation", "raided", ("Israel",))]),
        ("Syrian rebels shelled the town.", [("Shelling", "shelled", ("Syrian rebels",))]),
        ("Houthi rebels fired a missile.", [("MissileAttack", "fired", ("Houthis",))]),
    ],
)
def test_owners_and_demonyms_of_forces(nlp, rules, text, expected):
    assert [a[:3] for a in _agents_of(nlp, rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sides of fighting that "broke out" or "erupted" between them
        (
            "Clashes broke out between the army and the RSF on Sunday.",
            [("ExchangeOfFire", "Clashes", ("army", "RSF"))],
        ),
        (
            "Fighting erupted between Israel and Hezbollah.",
            [("ExchangeOfFire", "Fighting", ("Israel", "Hezbollah"))],
        ),
        # a force described and a name conjoined: both
        ("The army and the RSF clashed in Khartoum.", [("ExchangeOfFire", "clashed", ("army", "RSF"))]),
        # whom one fought or battled is a side too (not the "fire" of "traded fire")
        ("The army battled the rebels near the border.", [("ExchangeOfFire", "battled", ("army", "rebels"))]),
        (
            "Israel and Hezbollah traded fire across the border.",
            [("ExchangeOfFire", "traded", ("Israel", "Hezbollah"))],
        ),
        # "at war": its subject
        (
            "Israel and Hamas have been at war since October.",
            [("ExchangeOfFire", "war", ("Israel", "Hamas"))],
        ),
        # "exchanged artillery fire": both who exchanged it
        (
            "Government forces and rebels exchanged artillery fire.",
            [("Shelling", "artillery fire", ("Government forces", "rebels"))],
        ),
        # negatives: the dead of fighting are not its sides; fighting with no sides named has none
        ("Soldiers died in fighting near the town.", [("ExchangeOfFire", "fighting", ())]),
        ("Heavy fighting continued overnight.", [("ExchangeOfFire", "fighting", ())]),
        # "the war" and "fighting" later in the article are that fighting's: its sides
        (
            "Clashes broke out between the Sudanese army and the Rapid Support Forces. "
            "The war has killed thousands. Fighting resumed on Monday.",
            [
                ("ExchangeOfFire", "Clashes", ("Sudanese Armed Forces", "Rapid Support Forces")),
                ("ExchangeOfFire", "war", ("Sudanese Armed Forces", "Rapid Support Forces")),
                ("ExchangeOfFire", "Fighting", ("Sudanese Armed Forces", "Rapid Support Forces")),
            ],
        ),
        # two sets of sides: "the war" could be either
        (
            "Israel and Hamas have been at war since October. Russia and Ukraine clashed near Kharkiv. "
            "The war has killed thousands.",
            [
                ("ExchangeOfFire", "war", ("Israel", "Hamas")),
                ("ExchangeOfFire", "clashed", ("Russia", "Ukraine")),
                ("ExchangeOfFire", "war", ()),
            ],
        ),
        # no sides named anywhere
        (
            "Heavy fighting continued overnight. The war has killed thousands.",
            [
                ("ExchangeOfFire", "fighting", ()),
                ("ExchangeOfFire", "war", ()),
            ],
        ),
        # a war named for a place, or by where it is, may be another war
        (
            "Clashes broke out between the army and Fano militias. The Tigray civil war ended. "
            "The war in Ukraine has raised prices.",
            [
                ("ExchangeOfFire", "Clashes", ("army", "Fano")),
                ("ExchangeOfFire", "civil war", ()),
                ("ExchangeOfFire", "war", ()),
            ],
        ),
        # who a war is waged on is a side of it, and so of the article's other mentions
        (
            "Israel's war on Hamas has killed thousands. The war entered its second year.",
            [("ExchangeOfFire", "war", ("Israel", "Hamas")), ("ExchangeOfFire", "war", ("Israel", "Hamas"))],
        ),
        (
            "Russia's war against Ukraine entered its third year.",
            [("ExchangeOfFire", "war", ("Russia", "Ukraine"))],
        ),
        # a place a war is waged on is no side
        ("Israel's war on Gaza has killed thousands.", [("ExchangeOfFire", "war", ("Israel",))]),
        # a war on an idea names no side
        ("The war on terror cost billions.", [("ExchangeOfFire", "war", ())]),
    ],
)
def test_the_sides_of_fighting(nlp, rules, text, expected):
    assert [a[:3] for a in _agents_of(nlp, rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the dead and wounded an action left behind are its toll
        (
            "Rebels attacked the village, leaving at least 100 people dead.",
            [("attacked", None, None, 100, None)],
        ),
        ("Rebels shelled the town, leaving 20 dead and 30 wounded.", [("shelled", None, None, 20, 30)]),
        ("The attack left 12 soldiers dead.", [("attack", None, None, 12, None)]),
        # what else it left is no toll
        ("The strike left the town without power.", [("strike", None, None, None, None)]),
        ("Rebels attacked the village and left many dead.", [("attacked", None, None, None, None)]),
    ],
)
def test_the_dead_an_action_left_behind(nlp, rules, text, expected):
    assert _numbers(nlp, rules, text) == expected


# ------------------------------------------------------------------ issue 9: number families


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a distributive list of bare numbers: one interception, the list's total, of the drones
        (
            "Russian forces launched three drones overnight. Air defences shot down two near the "
            "border and one over the capital, the army said.",
            ("drones", 3),
        ),
        (
            "Russian forces launched ten drones. The air force said it had shot down seven of them.",
            ("drones", 7),
        ),
        # a passive's bare number, shot down over a place; "25 of the 30 drones" counts 25
        ("Russia fired four missiles. Two were shot down over Kyiv.", ("missiles", 2)),
        ("Russia launched 30 drones. Air defences intercepted 25 of the 30 drones.", ("drones", 25)),
        # more shot down than were launched: the numbers stand for something else, no weapon named
        (
            "Russian forces launched two drones. Air defences shot down two near the border and one over the capital.",
            (None, 3),
        ),
    ],
)
def test_bare_numbers_shot_down_count_the_weapons_before_them(nlp, rules, text, expected):
    found = [a for a in _actions(nlp, rules, WAR + text) if a.action_type == "Interception"]
    assert len(found) == 1
    assert (found[0].weapon, found[0].target_count and found[0].target_count.value) == expected
    assert found[0].target_text is None  # "two" is no target


@pytest.mark.parametrize(
    "text",
    [
        "Officials counted two near the border and one over the capital.",
        "The hunters shot two near the border and one over the hill.",  # no weapon they stand for
        "The senator attacked his rival over Kyiv.",  # over a place: only what is shot down
    ],
)
def test_bare_numbers_without_a_shooting_down_of_weapons_give_nothing(nlp, rules, text):
    assert _actions(nlp, rules, WAR + text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the toll of a named action ("the attack" is the shelling before it), in any voice
        ("The death toll from Tuesday's bombing in Quetta rose to 45, officials said.", [("bombing", 45)]),
        (
            "Rebels shelled a market in Goma. The toll from the attack now stands at 45.",
            [("shelled", 45), ("attack", 45)],
        ),
        (
            "Rebels shelled a market in Goma. Hospital officials put the death toll from the shelling at 20.",
            [("shelled", 20), ("shelling", 20)],
        ),
        # a toll that names no action is the dead of the article's one action ...
        ("Rebels shelled a market in Goma on Tuesday. The death toll rose to 45.", [("shelled", 45)]),
        # ... and of none when it reports two, or names something else, or counts no dead alone
        (
            "Rebels shelled a market in Goma. Jets bombed a school in Bunia. The death toll rose to 45.",
            [("shelled", None), ("bombed", None)],
        ),
        ("Rebels shelled a market in Goma. The toll from the earthquake stands at 45.", [("shelled", None)]),
        ("Rebels shelled a market in Goma. The injury toll rose to 45.", [("shelled", None)]),
    ],
)
def test_a_stated_death_toll_is_the_dead_of_its_action(nlp, rules, text, expected):
    found = extract_text(nlp, rules, WAR + text).military_actions
    assert [(a.trigger.text, a.killed and a.killed.value) for a in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rebels attacked a police station in Goma, leaving 12 wounded.",
            [("attacked", None, None, None, 12)],
        ),
        ("Rebels shelled a village in Goma, injuring 5.", [("shelled", None, None, None, 5)]),
        (
            "A drone strike hit a market in Goma. Two people were killed and 12 others were injured.",
            [("drone strike", None, None, 2, 12)],
        ),
    ],
)
def test_the_wounded_are_never_counted_as_dead(nlp, rules, text, expected):
    assert _numbers(nlp, rules, text) == expected


def _sources(nlp, rules, text):
    """(trigger, killed, wounded, who gives the toll) of each action of ``text``."""
    found = extract_text(nlp, rules, WAR + text).military_actions
    return [
        (a.trigger.text, a.killed and a.killed.value, a.wounded and a.wounded.value, key_tails(a.toll_source))
        for a in found
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 30 people were killed in the strike, according to the health ministry.",
         [("strike", 30, None, "health-ministry")]),
        ("Rebels shelled a market in Goma. Five people were killed and seven wounded, the ministry said.",
         [("shelled", 5, 7, "ministry")]),
        # in the article's own voice: no source
        ("Jets struck a market in Goma, killing 12 people.", [("struck", 12, None, None)]),
        # the toll the army gives; what the rebels say elsewhere is theirs, never the army's
        ("Rebels shelled a market in Goma, killing 12 people, the army said. "
         "The rebels said 20 people were killed in the shelling.",
         [("shelled", 12, None, "army"), ("shelling", 20, None, "rebels")]),
        # two sources, two tolls of one action: the first is kept, with its own source only
        ("Rebels shelled a market in Goma, killing 12 people, the army said, while the rebels said only three died.",
         [("shelled", 12, None, "army")]),
        ("Rebels shelled a market in Goma. The army said 12 people were killed, but hospital officials put the "
         "toll at 20.",
         [("shelled", 12, None, "army")]),
        # who condemns an attack does not give the toll the article tells of it
        ("Jordan condemned a drone attack that killed three US troops.", [("drone attack", 3, None, None)]),
        # the source of the action is not the source of a toll the article gives itself
        ("The army said rebels shelled a market in Goma. At least 12 people were killed.",
         [("shelled", 12, None, None)]),
        # a source that states only part of the toll gives none of it
        ("Rebels shelled a market in Goma, killing 12 people. The attack also wounded seven, the rebels said.",
         [("shelled", 12, 7, None), ("attack", None, 7, "rebels")]),
    ],
)  # fmt: skip
def test_a_toll_keeps_who_gives_it(nlp, rules, text, expected):
    assert _sources(nlp, rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what someone came under, from a fighting agent: an attack by them on the subject
        ("The convoy came under fire from rebels near Goma.", [("fire", ("rebels",), "The convoy")]),
        (
            "The convoy came under heavy fire from Russian forces.",
            [("fire", ("russian-armed-forces",), "The convoy")],
        ),
        # from critics, or fire that no one came under, is no attack
        ("The minister came under fire from critics.", []),
        ("The minister came under attack from critics.", []),
        ("A fire broke out in the market.", []),
    ],
)
def test_coming_under_fire_is_an_attack_by_whom_it_came_from(nlp, rules, text, expected):
    found = _actions(nlp, rules, WAR + text)
    assert [(a.trigger.text, key_tails(a.agents), a.target_text) for a in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strike caused 12 deaths and 30 injuries.", [("strike", None, None, 12, 30)]),
        (
            "The missile struck the vessel, and the crew reports three fatalities, at least four injuries.",
            [("struck", None, None, 3, 4)],
        ),
        # "in addition to" names no cause: the wounded are the action's before it
        (
            "A missile struck the vessel on Monday. In addition to the three deaths, at least four crew "
            "members were wounded.",
            [("struck", 1, None, None, 4)],
        ),
        # a running total is not the action's
        ("The offensive has caused 40,000 deaths since it began.", [("offensive", None, None, None, None)]),
        # deaths another clause counts are not the action's
        (
            "Rebels shelled the town, which has recorded 300 deaths since May.",
            [("shelled", None, None, None, None)],
        ),
    ],
)
def test_counted_deaths_and_injuries_are_the_toll_of_the_action_that_caused_them(nlp, rules, text, expected):
    assert _numbers(nlp, rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # "Rebel shelling kills 12": the shelling's dead, no killing of its own; the lead's
            # shelling below it shares them
            "Rebel shelling kills 12 in Goma\nRebels shelled a market in Goma on Tuesday, officials said.",
            [("shelling", "Shelling", 12), ("shelled", "Shelling", 12)],
        ),
    ],
)
def test_a_headline_noun_parsed_as_a_participle_keeps_its_toll(nlp, rules, text, expected):
    found = _actions(nlp, rules, text)
    assert [(a.trigger.text, a.action_type, a.killed and a.killed.value) for a in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "it", subject of what a speaker that is no person says: the speaker, not the last subject
        ("Russian forces launched ten drones. Ukraine's air force said it shot down seven of them.",
         [("launched", ("russian-armed-forces",)), ("shot", ("ukraine-s-air-force",))]),
        ("Hamas said it fired rockets at Israel.", [("fired", ("hamas",))]),
        # "it" is never an actor named only by a plural noun ("Russian forces"): no agent rather
        # than a wrong one; a plural name may be "it"
        ("Russian forces launched ten drones. Zelensky said it shot down seven drones.",
         [("launched", ("russian-armed-forces",)), ("shot", ())]),
        ("The Rapid Support Forces attacked a village. It said it had killed 20 soldiers.",
         [("attacked", ("rapid-support-forces",)), ("killed", ("rapid-support-forces",))]),
        # defences no one is named to own, in what a fighting body says: its own; a mayor's
        # word makes them no one's
        ("Russian forces launched three drones. Air defences shot down two, the army said.",
         [("launched", ("russian-armed-forces",)), ("shot", ("army",))]),
        ("Russian forces launched three drones. Air defences shot down two, the mayor said.",
         [("launched", ("russian-armed-forces",)), ("shot", ("air-defences",))]),
    ],
)  # fmt: skip
def test_what_a_speaker_says_it_did_is_the_speakers(nlp, rules, text, expected):
    assert [(a.trigger.text, key_tails(a.agents)) for a in _actions(nlp, rules, WAR + text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a participle on a counted noun is a headline's passive: who was killed, not who killed
        ("Army says 20 rebels killed in Mali\nThe army said on Tuesday that its troops had attacked a rebel camp.",
         [("killed", 20, ()), ("attacked", None, ("army",))]),
        ("3 killed in Houthi-claimed attack\nA missile attack by Houthi rebels on a ship killed three crew members.",
         [("attack", 3, ()), ("missile attack", 3, ("houthis",))]),
    ],
)  # fmt: skip
def test_headline_numbers_count_the_dead(nlp, rules, text, expected):
    found = _actions(nlp, rules, text)
    assert [(a.trigger.text, a.killed and a.killed.value, key_tails(a.agents)) for a in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a running total is no action's dead
        ("Rebels shelled a market in Goma. The death toll has risen to 40,000 since the war began.",
         [("shelled", None), ("war", None)]),
        ("Rebels shelled a market in Goma. The overall death toll rose to 400.", [("shelled", None)]),
        # the toll of the fighting is the fighting's, not the shelling's before it
        ("Rebels shelled a market in Goma. The death toll from the fighting rose to 400.",
         [("shelled", None), ("fighting", 400)]),
        # "bringing the death toll to 45" may count more than this action: left alone
        ("Rebels shelled a market in Goma, bringing the death toll to 45.", [("shelled", None)]),
    ],
)  # fmt: skip
def test_a_running_total_is_no_actions_toll(nlp, rules, text, expected):
    found = _actions(nlp, rules, WAR + text)
    assert [(a.trigger.text, a.killed and a.killed.value) for a in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a side fighting off an attack: its own action, against the other side's
        (
            '"Our forces repelled the assault," the army said.',
            [("ExchangeOfFire", "repelled", ("army",)), ("Attack", "assault", ())],
        ),
        (
            "Soldiers repulsed an attack by the rebels on the town.",
            [("ExchangeOfFire", "repulsed", ("Soldiers",)), ("Attack", "attack", ("rebels",))],
        ),
        # a weapon fought off is an interception
        (
            "Ukrainian air defences fended off a wave of Russian drones overnight.",
            [("Interception", "fended", ("Ukraine",))],
        ),
        # the attackers "were repelled": how their attack ended, no action of its own
        ("Gunmen tried to storm the base but were repelled.", [("GroundOperation", "storm", ("Gunmen",))]),
        (
            "Gunmen tried to storm the base but were repelled by soldiers.",
            [("GroundOperation", "storm", ("Gunmen",)), ("ExchangeOfFire", "repelled", ("soldiers",))],
        ),
        # a reply: the action it answers is the other side's, the one it replies with its own
        (
            "The army responded to the attack with air strikes.",
            [("Attack", "attack", ()), ("Airstrike", "air strikes", ("army",))],
        ),
        ("Israel responded with strikes on Gaza.", [("Airstrike", "strikes", ("Israel",))]),
        # what a blast did, and fire aimed at someone, are actions (no sound, no date)
        ("An explosion killed five soldiers in the capital.", [("Bombing", "explosion", ())]),
        ("Soldiers fired on protesters on Tuesday.", [("Attack", "fired", ("Soldiers",))]),
        # civil senses: no fighting agent, no weapon
        ("The minister fended off criticism from the opposition.", []),
        ("The company repelled a takeover bid.", []),
        # "launched an assault" stays one action, its subject's
        ("Rebels launched an assault on the town.", [("Attack", "assault", ("Rebels",))]),
    ],
)
def test_fighting_off_an_attack_is_the_defenders_action(nlp, rules, text, expected):
    assert [a[:3] for a in _agents_of(nlp, rules, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # taking hostages is an abduction, in the article's context
        (
            "Militants took around 250 hostages back to Gaza. Another 251 people were taken hostage.",
            [("Abduction", "took", ("Militants",), 250), ("Abduction", "taken", (), 251)],
        ),
        # fighting has two sides: a named group the model does not know, and the army it fights
        (
            "The Janjaweed began fighting the army in April.",
            [("ExchangeOfFire", "fighting", ("Janjaweed", "army"), None)],
        ),
    ],
)
def test_hostages_taken_and_fighting_an_army(nlp, rules, text, expected):
    found = extract_text(nlp, rules, WAR + text)
    names = {a.key: a.name for a in found.actors}
    assert [
        (
            a.action_type,
            a.trigger.text,
            tuple(names[k] for k in a.agents),
            a.target_count and a.target_count.value,
        )
        for a in found.military_actions
    ] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Robbers took two hostages at a bank in Ohio.",  # a crime, in no article about a war
        "The hostages held since October were freed.",  # held: a state, not an act
        "The company fought the lawsuit for years.",
    ],
)
def test_hostages_and_fighting_with_no_war(nlp, rules, text):
    assert extract_text(nlp, rules, text).military_actions == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # each action its own agent; the mediator who speaks is none of them
        (
            "Qatar, which mediated the talks, said Israeli jets struck Gaza while Hamas fired rockets at Tel Aviv.",
            [("Airstrike", "struck", ("Israel",)), ("RocketAttack", "fired", ("Hamas",))],
        ),
        ("Egypt brokered a truce after Israel bombed Rafah.", [("Airstrike", "bombed", ("Israel",))]),
        # a second action whose subject the parse lost gets none rather than the first one's
        (
            "Mediators from Qatar said the army shelled the camp and rebels attacked a convoy.",
            [("Shelling", "shelled", ("army",)), ("Attack", "attacked", ())],
        ),
    ],
)
def test_each_action_its_own_agent_and_never_the_mediator(nlp, rules, text, expected):
    found = extract_text(nlp, rules, WAR + text)
    names = {a.key: a.name for a in found.actors}
    assert [
        (a.action_type, a.trigger.text, tuple(names[k] for k in a.agents)) for a in found.military_actions
    ] == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # published on Sunday 25 August 2024: the night before is the 24th
        ("Rebels shelled the town last night.", date(2024, 8, 24)),
        ("Rebels shelled the town overnight.", date(2024, 8, 24)),
        ("Rebels shelled the town yesterday.", date(2024, 8, 24)),
        ("Rebels shelled the town on Thursday night.", date(2024, 8, 22)),
        ("Rebels shelled the town early on Sunday.", date(2024, 8, 25)),
        # an hour names no day
        ("Rebels shelled the town at 3 a.m.", None),
    ],
)
def test_times_of_day_resolve_to_their_day(nlp, rules, text, day):
    (action,) = extract_text(nlp, rules, WAR + text).military_actions
    assert (action.time.resolved if action.time else None) == day
