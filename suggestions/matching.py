"""Whether two claims say the same thing: shared content words plus agreement of their numbers (no DB)."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from annotations.numbers import (
    DURATIONS,
    UNIT_SPELLINGS,
    Kind,
    Qualifier,
    Quantity,
    compare,
    find_quantities,
    magnitude,
    parse_number_words,
    unit_key,
)
from suggestions.lexicon import (
    covers,
    reads_as_adjective,
    reads_as_name,
    reads_as_noun,
    reads_as_superlative,
    related,
    same_kind,
)

__all__ = [
    *("MATCH_THRESHOLD", "MAX_MATCHES", "ClaimProfile", "Differences", "Scored", "figures_differ"),
    *("differences", "profile", "rank", "similarity"),
]

# Shown as "checked before" at or above this: the README's rule, max pooled P@1 on the seen sets among thresholds
# above ONE_SIDED_FACTOR with recall >= 0.80 (bench/suggestions_eval.py applies it).
MATCH_THRESHOLD = 0.65
# Matches kept per claim: the panel shows a handful, never a list to scroll.
MAX_MATCHES = 10
# A claim is matched on this much of its text: a checkable sentence is far shorter, and a long quote pasted as one
# would make each comparison slow (aligning and relating words grows with the product of the two lengths).
PROFILE_CHARS = 1000
# The same words with a different figure are a different claim ("31 members" is not "32 members").
DIFFER_FACTOR = 0.35
# The same figure of two different things ("14 hospitals" / "14 schools", "€1.2m a day on consultants" / "on
# defence"): two claims, as much as another figure of the same thing.
OTHER_THING_FACTOR = DIFFER_FACTOR
# A figure on one side only is something the other claim does not say, as much as figures about different things
# (was 0.85: the other might state it in words; number words are read as figures, so that is rare). Below the
# threshold even in the same words.
ONE_SIDED_FACTOR = 0.6
# A bound ("more than 14,000") restated keeps its figure within this ratio; further apart, two claims.
BOUND_SPREAD = 1.25
# Figures on both sides that bear on different things (a rate and a year): likely two claims.
UNRELATED_FACTOR = 0.6
# The same figures in both, on top of the shared words.
AGREE_BONUS = 0.25
# ...given in full from this much shared wording (cosine of the word sets), in proportion below it.
FULL_BONUS_LEXICAL = 0.4
# What a figure counts or is of ("hospitals", "on defence") weighs this much in the cosine, other words 1: it is
# what the claim is about, where the rest is often filler ("the region's", "says", "now").
THING_WEIGHT = 2.0

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_COMPOUND_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")  # "community-owned", "O-negative"
_STOP_WORDS = frozenset(
    re.findall(
        r"\S+",
        """a an the of to in on at by for from with and or but as is are was were be been being has have had it its
    this that these those there their they them he she his her we our you your i my me will would can could
    should may might must do does did not no than then so such into over under about after before since per
    among across through between during within without against near around along towards toward via beyond
    each every all any some more most less least very just only also new now last next year years what which""",
    )
)
_SUFFIXES = ("ing", "ed", "es", "s", "ly")
_POSSESSIVE_RE = re.compile(r"['\u2019]s?$")
# After a money figure or a share, "of"/"on"/"for" and a noun name what it is of or spent on ("€1.2m a day on
# consultants", "31% of the electricity"); words of time between are skipped ("a day", "every year").
_THING_PREPOSITIONS = frozenset({"of", "on", "for"})
_THING_LOOKAHEAD = 6  # words after the figure
_CLAUSE_END_RE = re.compile(r"[,;:.()]\s")
_TIME_WORDS = frozenset({"a", "an", "the", "every", "each", "per", "day", "days", "week", "weeks", "month"})
_TIME_WORDS |= {"months", "year", "years", "annually", "daily", "weekly", "monthly", "yearly", "alone"}
# Words that name the same thing in claims, mapped to one form (kept short: a list, not a thesaurus).
_SAME = {
    "households": "home",
    "household": "home",
    "homes": "home",
    "jobless": "unemployment",
    "unemployed": "unemployment",
    "shut": "close",
    "closed": "close",
    "lacks": "short",
    "lack": "short",
    "nation": "country",
    "nation's": "country",
    "country's": "country",
    "power": "electricity",
    "vessels": "ship",
    "vessel": "ship",
    "ships": "ship",
    "drop": "fall",
    "dropped": "fall",
    "fell": "fall",
    "fallen": "fall",
    "rose": "rise",
    "risen": "rise",
    "increase": "rise",
    "increased": "rise",
    "up": "rise",
    "went": "rise",
    "reduced": "cut",
    "reduce": "cut",
    "began": "open",
    "opened": "open",
    "patients": "people",
    "smaller": "lower",
    "classes": "class",
    "member": "member",
    "members": "member",
    "states": "member",
    # common pairs of the same thing in news claims (general words, not names from any set)
    "inmates": "prisoners",
    "inmate": "prisoners",
    "prisoner": "prisoners",
    "jail": "prison",
    "jails": "prison",
    "woodland": "forest",
    "woods": "forest",
    "employees": "workers",
    "employee": "workers",
    "staff": "workers",
    "worker": "workers",
    "pupils": "students",
    "pupil": "students",
    "student": "students",
    "physicians": "doctors",
    "physician": "doctors",
    "doctor": "doctors",
    "vehicles": "cars",
    "vehicle": "cars",
    "car": "cars",
    "kids": "children",
    "child": "children",
    "purchase": "buy",
    "purchased": "buy",
    "bought": "buy",
    "started": "open",
    "start": "open",
    "begin": "open",
    "stores": "shops",
    "store": "shops",
    "shop": "shops",
    "decreased": "fall",
    "decrease": "fall",
    "grew": "grow",
    "grown": "grow",
    "sank": "fall",
    "shrank": "shrink",
    "shrunk": "shrink",
    "jab": "vaccination",
    "jabs": "vaccination",
    "vaccine": "vaccination",
    "vaccines": "vaccination",
    "vaccinations": "vaccination",
    "immunisation": "vaccination",
    "immunization": "vaccination",
    **UNIT_SPELLINGS,  # "km" / "kilometres"
}


# Words of change: a claim that something rose and one that it fell are two claims (stemmed below).
_RISE_WORDS = """rise rising grow growing climb climbed jump jumped soar soared surge surged gain gained boost boosted
    higher doubled tripled trebled quadrupled multiplied expand expanded swell swelled"""
_FALL_WORDS = """fall falling decline declined shrink plunge plunged slump slumped lower cut cuts dip dipped tumble
    tumbled slash slashed collapse collapsed fewer halved lose loses losing lost down"""
# The time a claim is about or a rate is per ("last month", "per hour", "£28,000 a year", "annually"): claims in
# the same words over another period or per another unit are two claims, and so are "next winter" and "last
# winter". "In a decade" is a span of time, not a period ("the biggest cut in a decade").
_PERIOD_RE = re.compile(
    r"\b(?:(?P<when>per|each|every|last|this|next|past|previous|(?<!\bin\s)(?<!\bover\s)(?<!\bwithin\s)"
    r"(?<!\bfor\s)an?)\s+(?P<unit>hour|day|week|fortnight|month|"
    r"quarter|year|decade|winter|spring|summer|autumn)|(?P<adverb>hourly|daily|weekly|monthly|annually|yearly))\b",
    re.IGNORECASE,
)
_SEVERAL_YEARS_RE = re.compile(
    r"\b(?:over|in|during|across)\s+the\s+(?:past|last)\s+(?:[^\W\d_]+\s+)?(?:years|decade)\b", re.IGNORECASE
)
_ONE_YEAR_RE = re.compile(r"\b(?:last|this)\s+year\b|\bin\s+(?:19|20)\d\d\b(?!\s*(?:and|to|-|/))", re.IGNORECASE)
_CLOCK_RE = re.compile(r"\d{1,2}[ap]m")  # a time of day, as a word: "7am", "11pm"
# A running total: "has earned £290,000 since it was switched on", "£47,000 in total".
_TOTAL_RE = re.compile(r"\b(?:since|(?P<said>in\s+total|to\s+date|so\s+far|altogether))\b", re.IGNORECASE)
# Words that name one of two groups or grades, in pairs: "primary" / "secondary schools", "rated excellent" /
# "rated poor". A claim with one and not the other against a claim with the other is about something else.
_CONTRASTS = (
    ("primary", "secondary"),
    ("public", "private"),
    ("rural", "urban"),
    ("domestic", "international"),
    ("domestic", "foreign"),
    ("full-time", "part-time"),
    ("male", "female"),
    ("junior", "senior"),
    ("inbound", "outbound"),
    ("northern", "southern"),
    ("eastern", "western"),
    ("inner", "outer"),
    ("peak", "off-peak"),
    ("peak-time", "off-peak"),
    ("excellent", "poor"),
    ("good", "poor"),
    ("excellent", "inadequate"),
    ("good", "inadequate"),
    ("outstanding", "inadequate"),
    ("safe", "unsafe"),
)
_CONTRAST_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(sorted({word for pair in _CONTRASTS for word in pair}, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_ALONE_RE = re.compile(r"\balone\b|\bat\s+weekends\b|\bon\s+weekdays\b|\bat\s+night\b", re.IGNORECASE)
# Another measure of the same subject: an average against a maximum or a minimum.
_AVERAGE_RE = re.compile(r"\b(?:average[ds]?|mean|median|typical|typically)\b", re.IGNORECASE)
_EXTREME_RE = re.compile(r"\b(?:maximum|minimum|record|most|least|never more|never less|up to)\b", re.IGNORECASE)
# A plan, an aim or a possibility ("aims to attract", "proposed a cut", "could close") is not the deed: "collected
# 96.2%" and "aimed to collect 96.2%" are two claims. A scheduled future ("will rise in April", "is to rise")
# is stated as often in the present ("goes up in April"), so "will" is not among them; "may" in lower case only
# (the month); "aimed for" describes a target, not the claim.
_INTENT_RE = re.compile(
    r"\b(?:[Cc]ould|may|might|[Pp]ropos(?:es|ed|e|ing)|(?:[Pp]lan|[Aa]im|[Hh]ope|[Ii]ntend|[Ww]ant|[Pp]ledge|[Pp]romise)"
    r"(?:s|ed|d)? to|(?:is|are)\s+planned|[Cc]onsult(?:s|ing)\s+on"
    r"|(?:is|are)\s+(?:now\s+)?(?:forecast|projected)\s+to)\b"
)
_PERIOD_ADVERBS = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month"}
_PERIOD_ADVERBS |= {"annually": "year", "yearly": "year"}
# Who says it is not what is claimed: "..., according to official figures", "..., the mayor says", "Officials say
# that ...". Taken off before comparing.
_SAYS = r"(?:said|says|say|claimed|claims|claim|reported|reports|estimates|estimated)"
# At the end of a claim a speaker may be longer and say it in more ways ("..., the Coastal Lifeboat Trust's regional
# water safety lead said", "..., the ambulance service told the scrutiny committee on Tuesday", "..., immigration
# department figures show"); at its start "admitted" or "found" is as often the claim itself.
_TRAILING_SAYS = (
    r"(?:said|says|say|claimed|claims|claim|reported|reports|estimates|estimated|told|tells|warned|warns|admitted|"
    r"admits|announced|announces|confirmed|confirms|insisted|insists|argued|argues|alleged|alleges|added|adds|"
    r"accepted|accepts|revealed|reveals|believes|reckons|stated|states|wrote|writes|posted|show|shows|showed|found)"
)
_TRAILING_SOURCE_RE = re.compile(
    r",\s*(?:according to\b[^,;]*|(?:[^\W\d_]+['\u2019]?s?\s+){0,8}" + _TRAILING_SAYS + r"\b[^,;]*)[.!?]?\s*$",
    re.IGNORECASE,
)
_LEADING_SOURCE_RE = re.compile(
    r"^\s*(?:according to\b[^,;]*,|(?:[^\W\d_]+\s+){0,3}" + _SAYS + r"\s+(?:that\s+)?)\s*", re.IGNORECASE
)
# "went up to £1.50", "has gone up to 40": numbers.py reads "up to" as a bound, here it is the level reached.
# "from 41 to 29" / "29, down from 41": a move from one figure to another
_FROM_RE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_TO_RE = re.compile(r"^[^,;.]*\sto\s+$", re.IGNORECASE)  # "from 1,200 in 2018-19 to 4,650"
_NEGATION_RE = re.compile(
    r"\b(?:no|not|never|without|none|cannot|unable|missed|failed\s+to|unanswered|unpaid|unfilled)\b|n['\u2019]t\b",
    re.IGNORECASE,
)
# "now only three-fifths of what it was": a fall by the rest
_OF_WHAT_IT_WAS_RE = re.compile(
    r"\s+of\s+(?:what\s+(?:it|they)\s+(?:was|were|had\s+been|used\s+to\s+be)|(?:its|their)\s+(?:former\s+)?level)\b",
    re.IGNORECASE,
)
# "lost 37% of their colonies" / "63% survived": what was lost and what was kept are each other's rest
_LOST_OR_KEPT_RE = re.compile(r"\b(?:lost|lose|loses|losing|survived|survives|survive|remain|remains|remained)\b", re.I)
_THE_REST_RE = re.compile(r"\bthe\s+(?:rest|remainder)\b(?!\s+of\b)", re.IGNORECASE)  # not "the rest of the county"
# "11 of the 28", "three out of the island's five", "27 of Ashby Fell's 38"
_PART_OF_RE = re.compile(
    r"\s+(?:out\s+)?of\s+(?:(?:its|the|their|our|his|her)\s+)?(?:(?:[^\W\d_]+\s+){0,2}[^\W\d_]+['\u2019]s\s+)?",
    re.IGNORECASE,
)
# "Of the 37 shelters removed, 26 ...": the whole first
_OF_THE_WHOLE_RE = re.compile(r"(?:^|[.;:,]\s+)of\s+(?:the|its|their|our)\s+$", re.IGNORECASE)
_UP_FROM_RE = re.compile(
    r"^[^;.]*?,?\s+(?:(?:up|down)\s+from|compared\s+with)\s+(?:(?:a|an|the|its)\s+)?(?:[^\W\d_]+\s+){0,2}$",
    re.IGNORECASE,
)  # "57 people in 2024, up from 23"
_POINTS_RE = re.compile(r"\s+points?\b", re.IGNORECASE)
_UP_TO_RE = re.compile(r"up\s+to\s+", re.IGNORECASE)
_AGAIN_RE = re.compile(r"(?:\s+[^\W\d_]+)?\s+again\b", re.IGNORECASE)
_RISE_BEFORE_RE = re.compile(r"\b(?:up|rose|risen|grew|grown|increased|gone\s+up|went\s+up)\s+$", re.IGNORECASE)
_ON_YEAR_RE = re.compile(r"\s+times\s+(?:on|over|since)\s+(?:19|20)\d\d\b", re.IGNORECASE)
# "25 fireworks complaints a week", "£35,000 a month"
_PER_WEEK_OR_MONTH_RE = re.compile(r"(?:\s+[^\W\d_]+){0,3}?\s+(?:a|per|each|every)\s+(?P<unit>week|month)\b", re.I)
_GONE_RE = re.compile(r"\b(?:go|goes|going|gone|went)\s+$", re.IGNORECASE)
_ROLE_RE = re.compile(r"\b(by|to)\s+$", re.IGNORECASE)
# "15 more than a year earlier", "380 more homes than before", "four additional ships": a difference, not a level.
_DIFFERENCE_RE = re.compile(r"\s+(?:(?:pounds|dollars|euros)\s+)?(?:more|fewer|less|additional|extra)\b", re.IGNORECASE)
# A figure that is the gap between two others: "£4.30 more in subsidy than a swim", "ten months longer ... than on
# the mainland", "went 600 tonnes over their 2,000-tonne limit".
_GAP_THAN_RE = re.compile(
    r"\s+(?:[^\W\d_]+\s+)?(?:more|fewer|less|longer|shorter|higher|lower|bigger|smaller|greater|larger|older|younger|"
    r"cheaper|dearer)\b[^.;]*?\bthan\b",
    re.IGNORECASE,
)
_GAP_OVER_RE = re.compile(r"^\s+(?:[^\W\d_]+\s+)?(?:over|above|under|below)\s+(?:(?:its|the|their|our|his|her)\s+)?$")
# A bare figure closing a clause takes the unit of the figure before it: "went up by eight minutes, to 19."
_CLAUSE_CLOSE_RE = re.compile(r"\s*(?:[,;.)]|$)")
_ELIDED_KINDS = ("duration", "money")
_PERIOD_WORDS = frozenset({"in", "over", "for", "during", "within", "across"})
_PERIOD_BEFORE_RE = re.compile(
    r"\b(?:" + "|".join(_PERIOD_WORDS) + r")\s+(?:the\s+)?(?:(?:past|last|first|next)\s+)?$", re.IGNORECASE
)
_NUMBERED_RE = re.compile(r"\b(?:year|day|week|month|phase|stage|number|page|round|platform)\s+$", re.IGNORECASE)
_ARTICLE_RE = re.compile(r"an?\s", re.IGNORECASE)
# Comparisons with "than", outside the figures ("faster than wages" / "more slowly than wages"): +1 or -1.
_COMPARATIVE_RE = re.compile(
    r"\b(?:(?P<degree>more|less|fewer)\s+(?P<adverb>[^\W\d_]+)(?:\s+[^\W\d_]+){0,2}|(?P<word>[^\W\d_]+))\s+than\b",
    re.IGNORECASE,
)
_GREATER = frozenset(["more", "faster", "quicker", "higher", "greater", "larger", "bigger", "longer", "older", "wider"])
_SMALLER = frozenset(["less", "fewer", "slower", "lower", "smaller", "shorter", "younger", "narrower"])
# Judgements are another scale: "the worst ratio" may be "the lowest ratio", never "the best".
_BETTER, _WORSE = frozenset(["better", "best"]), frozenset(["worse", "worst"])
# "less than at any other airport", "faster than anywhere else": a comparison that is also an end of the scale.
_THAN_ANY_RE = re.compile(r"\s+(?:(?:at|in|for|of|on)\s+)?any(?:where|\s+other)?\b", re.IGNORECASE)
_SLOW_ADVERBS = frozenset({"slowly"})  # "more slowly" is slower
# "above the national average", "the highest total since 2002": a side or an end, whatever follows.
_HIGHEST = frozenset(["highest", "largest", "biggest", "greatest", "most"])
_LOWEST = frozenset(["lowest", "smallest", "fewest", "least", "cheapest", "shortest", "slowest", "youngest"])
_LOWEST |= {"quietest", "narrowest", "lightest", "weakest", "poorest", "thinnest", "shallowest", "coldest"}
# Any other superlative is the top end ("the busiest station", "the wettest year"), "least busy" the bottom; these
# date a report or a thing and are no end of a scale ("the latest figures").
_SUPERLATIVE_RE = re.compile(r"\b[^\W\d_]+est\b", re.IGNORECASE)
_NO_END = frozenset(["latest", "earliest", "newest"])
_ENDS = _HIGHEST | _LOWEST | _BETTER | _WORSE
_ENDS_RE = re.compile(r"\b(?:above|below|" + "|".join(_ENDS) + r")\b(?!\s+than\b)", re.IGNORECASE)
# A change stated as a multiple ("doubled", "three times as many", "half as many"), read as the percentage change
# it is ("rose 100%", "rose 200%", "fell 50%") so that it compares with one stated in percent.
_MULTIPLE_VERBS = {"doubl": 2.0, "tripl": 3.0, "trebl": 3.0, "quadrupl": 4.0, "halv": 0.5}
_MULTIPLE_VERB_RE = re.compile(r"\b(?P<verb>" + "|".join(_MULTIPLE_VERBS) + r")(?:ed|es|e|ing)\b", re.IGNORECASE)
_TIMES = {"twice": 2.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "ten": 10.0, "half": 0.5}
_TIMES_RE = re.compile(
    r"\b(?P<n>twice|half|(?:two|three|four|five|ten|\d+(?:\.\d+)?)(?P<half>\s+and\s+a\s+half)? times|\d+x)\s+"
    r"(?:as\s+(?:many|much|high|large|big|long|often)|more|higher|larger|bigger|greater|"
    r"(?=(?:the|what|its|their)\b))",  # "three times the average", "two and a half times what it was"
    re.IGNORECASE,
)
# A month named alone ("in April"; numbers.py reads "April 2025" and "14 April") is a date of that month.
_MONTH_NAMES = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]
# "May" is a month after these, otherwise as likely the verb.
_BEFORE_MAY_RE = re.compile(r"\b(?:in|since|until|by|from|to|of|last|next|early|late|mid)[\s-]+$", re.IGNORECASE)
_MONTH_RE = re.compile(r"\b(?P<month>" + "|".join(_MONTH_NAMES) + r")\b(?:\s+(?P<year>1[89]\d\d|2[01]\d\d)\b)?")
# No one of a whole, as a count: "None of the five schools", "not a single one of the 130 complaints".
_NONE_OF_RE = re.compile(r"\b(?:none|not\s+(?:a\s+single\s+)?one)(?=\s+of\s+(?:the|its|their|our)\b)", re.IGNORECASE)
# "one staff parking space for every eight staff", "one counsellor per 410 pupils"
_ONE_FOR_EVERY_RE = re.compile(
    r"\b(?:one|a|an)\s+(?:[^\W\d_]+\s+){0,3}?(?:for\s+every|per)\s+(?P<n>\d[\d,]*|[^\W\d_]+(?:-[^\W\d_]+)?)\b",
    re.IGNORECASE,
)
# A fraction as a change: "a quarter fewer runners", "two-thirds more".
_FRACTION_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3}
_FRACTION_PARTS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_FRACTION_CHANGE_RE = re.compile(
    r"\b(?P<n>a|one|two|three)[\s-]+(?P<part>half|thirds?|quarters?|fifths?|tenths?)\s+"
    r"(?=(?:more|fewer|less|higher|lower|bigger|smaller|cheaper|dearer)\b)",
    re.IGNORECASE,
)
# "a year and a half", which numbers.py leaves (it reads "a" as no number), is read as "1.5 years"
_AND_A_HALF_RE = re.compile(
    r"\b(?:a|an|one)\s+(?P<unit>hour|day|week|month|year|decade|century)\s+and\s+a\s+half\b", re.IGNORECASE
)
# "a decade" / "a century" / "a year earlier" are durations stated without a figure.
_SPAN_RE = re.compile(
    r"\b(?:a|one|the past|the last)\s+(?P<unit>decade|century)\b"
    r"|\b(?:a|one)\s+(?P<short>year|month|week)\s+(?=earlier|ago|before|later)"  # "up from £9.8m a year earlier"
    r"|\b(?P<bound>over|more\s+than|under|less\s+than|at\s+least|nearly|almost)\s+(?:a|an|one)\s+"
    r"(?P<bounded>year|month|week|day|hour)\b",  # "had been waiting over a year", "more than an hour"
    re.IGNORECASE,
)
_SPAN_BOUNDS: dict[str, Qualifier] = {"over": "over", "more than": "over", "under": "under", "less than": "under"}
_SPAN_BOUNDS |= {"at least": "at_least", "nearly": "about", "almost": "about"}
# A noun in the same frame as another ("train fares" / "bus fares", "flu vaccination" / "measles vaccination"):
# two claims about different things, as much as another figure.
OTHER_SUBJECT_FACTOR = DIFFER_FACTOR
# ...unless the word before it reads as an adjective or participle ("former mayor" / "outgoing mayor" is one
# person): by these endings, or these common ones.
_MODIFIER_ENDINGS = ("al", "ary", "ous", "ive", "ic", "ful", "ing", "ed", "est", "ible", "able", "ish", "ern")
# Adjectives that leave a group as it was in a local story: "local farmers" are the farmers it is about.
_NOT_NARROWING = frozenset({"local"})
_MODIFIER_WORDS = frozenset({"former", "current", "present", "whole", "entire", "average", "overall", "total"})
# Two words WordNet relates count as this much of one shared word.
RELATED_WEIGHT = 1.0
# A substitution counts when this share of the shorter claim's words and figures line up with the other's...
SUBSTITUTION_FRAME = 0.7
# ...and the words in its place are at most this many on either side.
SUBSTITUTION_WORDS = 2


@dataclass(frozen=True, slots=True)
class ClaimProfile:
    """What matching compares of a claim: its content words (normalised) and the quantities it states."""

    words: frozenset[str]
    quantities: tuple[Quantity, ...]
    direction: int = 0  # +1 the claim says something rose, -1 fell, 0 neither or both
    comparison: int = 0  # +1 more or faster than something, -1 less or slower, 0 neither or both
    end: int = 0  # +1 the top end or above something ("the busiest", "above average"), -1 the bottom or below
    judgement: int = 0  # +1 better or best, -1 worse or worst, 0 neither or both
    # Per quantity, the stem of what it counts or is of ("14 hospitals", "€1.2m on consultants"), else None.
    things: tuple[str | None, ...] = ()
    # Per quantity, "by" for a change ("fell by 8,200"), "to" for the level reached ("fell to 8,200"), else None.
    roles: tuple[str | None, ...] = ()
    # Per quantity, +1 or -1 when a word of change stands between it and the figure before ("rose by 8%"), else 0.
    changes: tuple[int, ...] = ()
    # Figures it states without writing them (see _worked_out), each with the indexes of the two figures it comes
    # from (for a move, the one moved from and the one moved to): "from 41 to 29" states "axed 12".
    worked_out: tuple[tuple[Quantity, int, int], ...] = ()
    # Those of them that say the rest of a whole or of a share (see _rests): a claim stating one says the other's
    # fact in the opposite words ("three still working" / "eight have stopped working").
    rests: tuple[Quantity, ...] = ()
    # Per-week or per-month figures as a year's ("25 complaints a week": 1,300 a year), each with its index.
    yearly: tuple[tuple[Quantity, int], ...] = ()
    periods: frozenset[str] = frozenset()  # the units of time it is about or per ("month" for "last month")
    contrasts: frozenset[str] = frozenset()  # its words of _CONTRASTS, lower case
    # narrows what it counts with "alone" ("staff alone paid £3.1m", "in August alone") or to part of the week or
    # the day ("at weekends", "at night")
    alone: bool = False
    average: bool = False  # states an average ("the average wait", "on average", "typically")
    extreme: bool = False  # states a maximum or a minimum in words a superlative does not cover ("never more than")
    intent: bool = False  # states a plan, aim or possibility rather than what happened ("aims to attract")
    total: int = 0  # 1 may state a running total ("since it opened"), 2 says so ("in total", "so far")
    several_years: bool = False  # is about a span of years ("over the past three years", "in the last decade")
    one_year: bool = False  # is about one year ("last year", "this year", "in 2023")
    norm: float = 0.0  # length of the weighted word vector (things weigh THING_WEIGHT, other words 1)
    # The content words in order, None for a figure or a function word: what stands right before what ("bus fare").
    sequence: tuple[str | None, ...] = ()
    modifiers: frozenset[str] = frozenset()  # content words that read as adjectives or participles ("former")
    names: frozenset[str] = frozenset()  # content words that read as names ("Pendry", "NATO")
    spellings: tuple[tuple[str, str], ...] = ()  # (stem, word as written) of each content word, in order
    compounds: frozenset[str] = frozenset()  # content words written as part of a hyphenated one ("part-time")
    # Content words and figures in order, a figure as its kind and value: what aligns two claims in the same frame.
    frame: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Scored:
    key: int
    score: float


def _stem(word: str) -> str:
    word = _POSSESSIVE_RE.sub("", word)  # "Calder's" is "Calder"
    word = _SAME.get(word, word)
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # "dropping"/"drop", "planned"/"plan" (but "fall", "press")
            word = _SAME.get(word, word)  # "dropping" is "drop", which is "fall"
            break
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]  # "cycle"/"cycling", "rise"/"rising"
    return word[:7]  # a crude stem: "electricity"/"electric", "reduction"/"reduced" meet


_RISE_STEMS = frozenset(_stem(w) for w in _RISE_WORDS.split())
_FALL_STEMS = frozenset(_stem(w) for w in _FALL_WORDS.split())
# Words that set a figure against another or say which way it moved: "compared with €890" / "up from €890",
# "fell" / "down". Which way is the direction rules' to judge; in each other's place they say the same thing.
_LINKING_WORDS = ["compared", "against", "versus", "exceeded", "exceed", "above", "below", "over", "under", "up"]
_LINKING_STEMS = _RISE_STEMS | _FALL_STEMS | frozenset(_stem(w) for w in _LINKING_WORDS)


def _content(word: str) -> bool:
    return word not in _STOP_WORDS and not word.isdigit()


def _thing(quantity: Quantity, after: str) -> str | None:
    """The stem of what a figure counts (numbers.py's `counted`) or, for money and shares, what it is of or on."""
    if quantity.kind == "count":
        counted = _WORD_RE.findall((quantity.counted or "").casefold())
        return _stem(counted[-1]) if counted else None
    if quantity.kind not in ("money", "percent"):
        return None
    clause = _CLAUSE_END_RE.split(after, maxsplit=1)[0]  # "23% for next year, the biggest cut" is not of "biggest"
    tokens = _WORD_RE.findall(clause.casefold())[:_THING_LOOKAHEAD]
    for i, token in enumerate(tokens):
        if token in _THING_PREPOSITIONS:
            rest = [t for t in tokens[i + 1 :] if t not in _TIME_WORDS and t not in _STOP_WORDS]  # "of its waste"
            return _stem(rest[0]) if rest and _content(rest[0]) else None
        if token not in _TIME_WORDS:
            return None
    return None


def _synthetic(span: tuple[int, int], text: str, kind: Kind, value: float, unit: str | None) -> Quantity:
    return Quantity(value, unit, kind, "exact", None, None, span[0], span[1], text, None)


def _as_read(quantity: Quantity, text: str) -> Quantity:
    """A quantity as a reader of a claim takes it: "went up to £1.50" is the level reached, not a bound; "a hundred
    and sixty-two pounds" is money (numbers.py leaves bare pounds to be weight), "the three previous years" a
    duration."""
    up_to = _UP_TO_RE.match(quantity.text)
    if up_to and _GONE_RE.search(text[: quantity.start]):
        start = quantity.start + up_to.end()
        return replace(quantity, qualifier="exact", low=None, high=None, start=start, text=text[start : quantity.end])
    if quantity.kind != "count" or quantity.unit is None:
        return quantity
    if quantity.unit in ("pound", "pounds", "quid"):
        return replace(quantity, kind="money", unit="GBP")
    if quantity.unit == "times" and (
        _RISE_BEFORE_RE.search(text[: quantity.start]) or _ON_YEAR_RE.match(text, quantity.end)
    ):
        # "up two and a half times on 2019" is a rise of 150%, as "doubled" is one of 100%
        rise = (quantity.value - 1.0) * 100.0
        return replace(quantity, kind="percent", unit="percent", value=rise, qualifier="about", counted=None)
    if _POINTS_RE.match(text, quantity.end):  # "dropped seven points, to 38 per cent"; not "620 charging points"
        return replace(quantity, kind="percent", unit="percentage points")
    if quantity.unit in DURATIONS:
        unit, factor = DURATIONS[quantity.unit]
        low, high = (None if end is None else end * factor for end in (quantity.low, quantity.high))
        return replace(quantity, kind="duration", unit=unit, value=quantity.value * factor, low=low, high=high)
    return quantity


def _free(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    return all(span[1] <= start or span[0] >= end for start, end in taken)


def _more_quantities(text: str, found: list[Quantity]) -> tuple[list[Quantity], int]:
    """What numbers.py leaves as words: changes stated as multiples, month names, "a decade"; and their direction.

    A multiple becomes the percentage change it is ("doubled": +100%, "halved": -50%, "three times as many":
    +200%), a month alone a date with that month, "a decade" a duration of ten years.
    """
    multiples: list[tuple[re.Match[str], float]] = []
    for match in _TIMES_RE.finditer(text):
        n = match.group("n").casefold().split()[0].removesuffix("x")  # "2x as many"
        multiple = (_TIMES[n] if n in _TIMES else float(n)) + (0.5 if match.group("half") else 0.0)
        # "half as long again" is one and a half times as long
        multiples.append((match, 1.0 + multiple if _AGAIN_RE.match(text, match.end()) else multiple))
    # "one staff parking space for every eight staff" is a share, 12.5%
    ratios: list[tuple[re.Match[str], float]] = []
    for match in _ONE_FOR_EVERY_RE.finditer(text):
        n = _every_n(match.group("n"))
        if n is not None and n > 1:
            ratios.append((match, n))
    # the counts numbers.py makes of "three times" and of "one ... for every eight" give way
    found = [q for q in found if _free((q.start, q.end), (m.span() for m, _ in multiples + ratios))]
    for match in _MULTIPLE_VERB_RE.finditer(text):
        if _free(match.span(), (m.span() for m, _ in multiples)):
            multiples.append((match, _MULTIPLE_VERBS[match.group("verb").casefold()]))
    extra = [
        # about: "almost quadrupled, from 1,200 to 4,650"
        replace(
            _synthetic(match.span(), match.group(), "percent", abs(multiple - 1.0) * 100.0, "percent"),
            qualifier="about",
        )
        for match, multiple in multiples
        if multiple != 1.0
    ]
    extra += [_synthetic(match.span(), match.group(), "percent", 100.0 / n, "percent") for match, n in ratios]
    direction = sum(1 if multiple > 1.0 else -1 for _, multiple in multiples if multiple != 1.0)
    taken = [(q.start, q.end) for q in found + extra]
    for match in _MONTH_RE.finditer(text):
        may = match.group("month") == "May" and not _BEFORE_MAY_RE.search(text[: match.start()])
        if may or not _free(match.span(), taken):
            continue
        month, year = _MONTH_NAMES.index(match.group("month")) + 1, match.group("year")
        date = _synthetic(match.span(), match.group(), "date", int(year or 0) * 10000 + month * 100, None)
        extra.append(replace(date, month=month, year=int(year) if year else None))
    for match in _NONE_OF_RE.finditer(text):
        if _free(match.span(), taken):  # "none of the five schools", "not a single one of the 130 complaints"
            extra.append(_synthetic(match.span(), match.group().strip(), "count", 0.0, None))
    for match in _FRACTION_CHANGE_RE.finditer(text):
        if _free(match.span(), taken):  # "a quarter fewer runners": 25% fewer
            parts = _FRACTION_PARTS[match.group("part").casefold().removesuffix("s")]
            share = _FRACTION_COUNTS[match.group("n").casefold()] / parts * 100.0
            extra.append(_synthetic(match.span(), match.group(), "percent", share, "percent"))
    for match in _SPAN_RE.finditer(text):
        if not _free(match.span(), taken):
            continue
        if match.group("short"):
            unit = match.group("short").casefold() + "s"
            extra.append(_synthetic(match.span(), match.group().strip(), "duration", 1.0, unit))
        elif match.group("bounded"):
            unit = match.group("bounded").casefold() + "s"
            bound = _SPAN_BOUNDS[" ".join(match.group("bound").casefold().split())]
            span = _synthetic(match.span(), match.group(), "duration", 1.0, unit)
            low, high = (
                (1.0, None) if bound in ("over", "at_least") else (None, 1.0) if bound == "under" else (None, None)
            )
            extra.append(replace(span, qualifier=bound, low=low, high=high))
        else:
            years = 10.0 if match.group("unit").casefold() == "decade" else 100.0
            extra.append(_synthetic(match.span(), match.group(), "duration", years, "years"))
    return sorted(found + extra, key=lambda q: q.start), direction


def _every_n(written: str) -> float | None:
    return float(written.replace(",", "")) if written.replace(",", "").isdigit() else parse_number_words(written)


def _comparison(text: str, quantities: Iterable[Quantity]) -> tuple[int, int, int]:
    """(+1 if the claim says something is more or faster than another, -1 less or slower; +1 if it is at the top
    end or above, -1 at the bottom or below; +1 if better or best, -1 worse or worst), 0 for neither or both. A
    comparison and an end are kept apart: "9% more than the supermarket" and "the town's biggest supermarket" are
    two statements, and the opposite comparison with the same superlative is another claim. Bounds of figures
    ("more than 11,000") are the figures' own."""
    taken = [(q.start, q.end) for q in quantities]
    signs: set[int] = set()
    ends: set[int] = set()
    judged: set[int] = set()
    for match in _COMPARATIVE_RE.finditer(text):
        if not _free(match.span(), taken):
            continue
        sign = 0
        if match.group("degree"):
            sign = 1 if match.group("degree").casefold() == "more" else -1  # "24 more park rangers than" too
            sign = -sign if match.group("adverb").casefold() in _SLOW_ADVERBS else sign
        elif (word := match.group("word").casefold()) in _GREATER or word in _SMALLER:
            sign = 1 if word in _GREATER else -1
        elif word in _BETTER or word in _WORSE:
            judged.add(1 if word in _BETTER else -1)
        if sign:
            signs.add(sign)
            if _THAN_ANY_RE.match(text, match.end()):
                ends.add(sign)  # "less than at any other airport" is the bottom end
    for match in _ENDS_RE.finditer(text):
        if _free(match.span(), taken):
            word = match.group().casefold()
            if word in _BETTER or word in _WORSE:
                judged.add(1 if word in _BETTER else -1)
            else:
                ends.add(1 if word in _HIGHEST or word == "above" else -1)
    for match in _SUPERLATIVE_RE.finditer(text):
        word = match.group().casefold()
        if word not in _ENDS and word not in _NO_END and reads_as_superlative(word) and _free(match.span(), taken):
            ends.add(1)
    return sum(signs), sum(ends), sum(judged)


def _worked_out(
    text: str, quantities: tuple[Quantity, ...], rests: tuple[tuple[Quantity, int, int], ...]
) -> tuple[tuple[Quantity, int, int], ...]:
    """Figures a claim states without writing them, with the indexes of the figures they come from: the change in
    a move from one figure to another, in units and in percent ("from 41 to 29" is 12 and 29.3% fewer, "38%, down
    from 45%" 7 percentage points and 15.6% fewer), the rest of a whole ("11 of the 28": 17), the share of those
    who did when a claim counts those who did not (see _rests), and the years between two years."""
    found = []
    measures = [i for i, q in enumerate(quantities) if q.kind not in ("year", "date")]  # "from 1,200 in 2019 to"
    for i, j in itertools.pairwise(measures):
        first, second = quantities[i], quantities[j]
        between = text[first.end : second.start]
        if _TO_RE.match(between) and _FROM_RE.search(text[: first.start]):
            old, new = first, second
        elif _UP_FROM_RE.match(between):
            old, new = second, first
        else:
            continue
        if old.kind != new.kind or old.kind not in ("count", "money", "percent", "duration") or old.value <= 0:
            continue
        if old.unit and new.unit and old.unit != new.unit:
            continue
        unit = "percentage points" if new.kind == "percent" else new.unit or old.unit
        span = (min(old.start, new.start), max(old.end, new.end))
        label = text[span[0] : span[1]]
        at = (i, j) if old is first else (j, i)
        found.append((_synthetic(span, label, new.kind, abs(new.value - old.value), unit), *at))
        found.append((_synthetic(span, label, "percent", abs(new.value / old.value - 1.0) * 100.0, "percent"), *at))
    # "£4.30 more than a swim, where the subsidy is £2.10": the two levels are £6.40 and £2.10, but which of them
    # the claim names ("costs £690 more than at Dunmarsh, at £1,450") the words seldom tell, so both are worked out
    for i, gap in enumerate(quantities):
        if i not in measures:
            continue
        for j in measures:
            level = quantities[j]
            between = text[gap.end : level.start] if j > i else ""
            is_gap = _GAP_THAN_RE.match(text, gap.end) or _GAP_OVER_RE.match(between)
            if j == i or not is_gap or level.kind != gap.kind or not _same_unit(gap, level):
                continue
            span = (min(gap.start, level.start), max(gap.end, level.end))
            label = text[span[0] : span[1]]
            for value in (level.value + gap.value, abs(level.value - gap.value)):
                found.append((_synthetic(span, label, level.kind, value, level.unit or gap.unit), i, j))
    found.extend(rests)
    # "from 1,200 in 2018-19 to 4,650 in 2022-23" took four years
    years = [i for i, q in enumerate(quantities) if q.kind == "year"]
    if len(years) == 2:
        i, j = years
        first, second = quantities[i], quantities[j]
        if second.value > first.value:
            span = (first.start, second.end)
            duration = _synthetic(span, text[span[0] : span[1]], "duration", second.value - first.value, "years")
            found.append((duration, i, j))
    return tuple(found)


def _rests(text: str, quantities: tuple[Quantity, ...]) -> tuple[tuple[Quantity, int, int], ...]:
    """The rest of a whole, the part as a share of it, and the rest of a share, with the indexes of the figures they
    come from: what a claim states by saying what it does not ("11 of the 28 are open" / "lost 17")."""
    found = []
    measures = [i for i, q in enumerate(quantities) if q.kind not in ("year", "date")]
    # "11 of the 28 youth clubs": the rest of the whole, 17, is what "has lost 17 of its 28" states; so does "Of
    # the 28 youth clubs, 11 are open"
    for i, j in itertools.pairwise(measures):
        first, second = quantities[i], quantities[j]
        of = _PART_OF_RE.match(text, first.end)
        part_first = of and of.end() == second.start
        whole_first = _OF_THE_WHOLE_RE.search(text[: first.start]) and "," in text[first.end : second.start]
        part, whole = (first, second) if part_first else (second, first)
        if (part_first or whole_first) and part.kind == whole.kind == "count" and 0 < part.value < whole.value:
            span = (first.start, second.end)
            rest = _synthetic(span, text[span[0] : span[1]], "count", whole.value - part.value, whole.unit)
            at = (i, j) if part_first else (j, i)  # the whole last, as the level of a move
            found.append((rest, *at))
            # and the part as a share of the whole: "112 of the 672 posts" is "one in six"
            share = _synthetic(span, text[span[0] : span[1]], "percent", part.value / whole.value * 100.0, "percent")
            found.append((replace(share, qualifier="about"), *at))
    # "almost four in ten went without a flu jab": the rest, about 60%, had one; "three in five open on natural
    # snow, the rest on snow cannons": 40% on cannons; "now only three-fifths of what it was": it fell by 40%
    negated = bool(_NEGATION_RE.search(text) or _THE_REST_RE.search(text) or _LOST_OR_KEPT_RE.search(text))
    for i, share in enumerate(quantities):
        is_share = share.kind == "percent" and share.unit == "percent" and 0 < share.value < 100
        if is_share and (negated or _OF_WHAT_IT_WAS_RE.match(text, share.end)):
            rest = _synthetic((share.start, share.end), share.text, "percent", 100.0 - share.value, "percent")
            found.append((rest if share.qualifier == "exact" else replace(rest, qualifier="about"), i, i))
    return tuple(found)


def _level_pairs(
    text: str, quantities: tuple[Quantity, ...], worked_out: tuple[tuple[Quantity, int, int], ...]
) -> tuple[tuple[Quantity, int, int], ...]:
    """Two counts or sums of one kind that no word sets against each other may still be two levels of one thing
    ("750 bikes were stolen the year before last, and 1,050 last year" / "rose by 40% to 1,050"), or a part and
    its whole: the gap, the change and the share between them, which only count when the other claim states one of
    them (and say nothing of roles)."""
    paired = {(i, j) for _, i, j in worked_out} | {(j, i) for _, i, j in worked_out}
    found = []
    measures = [i for i, q in enumerate(quantities) if q.kind in ("count", "money") and q.value > 0]
    for i, j in itertools.combinations(measures, 2):
        first, second = quantities[i], quantities[j]
        if (i, j) in paired or first.kind != second.kind or not _same_unit(first, second):
            continue
        span = (first.start, second.end)
        label = text[span[0] : span[1]]
        found.append((_synthetic(span, label, first.kind, abs(second.value - first.value), first.unit), i, j))
        change = abs(second.value / first.value - 1.0) * 100.0
        found.append((_synthetic(span, label, "percent", change, "percent"), i, j))
        # and the one as a share of the other: "420 spaces for 3,360 staff" is "one for every eight"
        share = min(first.value, second.value) / max(first.value, second.value) * 100.0
        found.append((replace(_synthetic(span, label, "percent", share, "percent"), qualifier="about"), i, j))
    return tuple(found)


def _yearly(text: str, quantities: tuple[Quantity, ...]) -> tuple[tuple[Quantity, int], ...]:
    """A count or sum per week or per month as a year's: "£35,000 a month" is "£420,000 in the year", about."""
    found = []
    for i, quantity in enumerate(quantities):
        rate = _PER_WEEK_OR_MONTH_RE.match(text, quantity.end)
        if rate and quantity.kind in ("count", "money"):
            times = 52.0 if rate.group("unit").casefold() == "week" else 12.0
            year = _synthetic((quantity.start, rate.end()), quantity.text, quantity.kind, quantity.value * times, None)
            found.append((replace(year, unit=quantity.unit, qualifier="about"), i))
    return tuple(found)


def _periods(text: str, quantities: Iterable[Quantity]) -> frozenset[str]:
    shares = [(q.start, q.end) for q in quantities if q.kind == "percent"]
    found = set()
    for match in _PERIOD_RE.finditer(text):
        if not _free(match.span(), shares):
            continue  # "fell by a quarter" is a share; "4 metres a decade" is a rate all the same
        unit, adverb = match.group("unit"), match.group("adverb")
        period = unit.casefold() if unit else _PERIOD_ADVERBS[adverb.casefold()]
        when = (match.group("when") or "").casefold()
        found.add(f"{when} {period}" if when in ("next", "this") else period)
    return frozenset(found)


def _head(text: str) -> str:
    """The text up to PROFILE_CHARS, cut at a space so that no word is read half."""
    if len(text) <= PROFILE_CHARS:
        return text
    cut = text.rfind(" ", 0, PROFILE_CHARS + 1)
    return text[: cut if cut > 0 else PROFILE_CHARS]


def _figure_token(quantity: Quantity) -> str:
    return f"#{quantity.kind}:{quantity.value:g}"


def _role(before: str, after: str) -> str | None:
    """ "by" when the figure is a change ("fell by 8,200"), "to" when a level reached ("fell to 8,200"), "more" when
    a difference ("15 more than a year earlier", "four additional ships")."""
    match = _ROLE_RE.search(before)
    if match:
        return match.group(1).casefold()
    last = _WORD_RE.findall(before[-20:].casefold())
    if last and _stem(last[-1]) in _RISE_STEMS | _FALL_STEMS:
        return "by"  # "has cut £2.2m", "rose 5%": a change
    return "more" if _DIFFERENCE_RE.match(after) else None


def _one_and_a_half(match: re.Match[str]) -> str:
    unit = match.group("unit").casefold()
    return "1.5 " + ("centuries" if unit == "century" else unit + "s")


def _roles(
    text: str, quantities: tuple[Quantity, ...], worked_out: Iterable[tuple[Quantity, int, int]]
) -> tuple[str | None, ...]:
    roles = [_role(text[: quantity.start], text[quantity.end :]) for quantity in quantities]
    for _, _, new in worked_out:
        if quantities[new].kind != "year":
            roles[new] = roles[new] or "to"  # "57 people, up from 23": the level reached, not a rise of 57
    return tuple(roles)


def _same_unit(a: Quantity, b: Quantity) -> bool:
    return not (a.unit and b.unit) or unit_key(a.unit) == unit_key(b.unit)  # "600 tonnes" / "a 2,000-tonne limit"


def _period_taken(text: str, quantity: Quantity) -> bool:
    """The figure is the time a change took or a total built up over ("in four years", "over three years")."""
    own_word = _WORD_RE.match(quantity.text)
    return bool(_PERIOD_BEFORE_RE.search(text[: quantity.start]) or (own_word and own_word.group() in _PERIOD_WORDS))


def _pronoun_one(text: str, quantity: Quantity) -> bool:
    """ "One" closing a clause is a pronoun ("still don't have one", "the only one"), not a count; "in year one"
    is the first year."""
    bare = quantity.text.casefold() == "one" and quantity.counted is None
    return bare and bool(_CLAUSE_CLOSE_RE.match(text, quantity.end)) and not _NUMBERED_RE.search(text[: quantity.start])


def _elided_units(text: str, quantities: list[Quantity]) -> tuple[Quantity, ...]:
    """A bare figure that closes a clause after a duration or a sum of money is one too: "went up by eight minutes,
    to 19", "ten months longer than on the mainland, where posts are filled in four"."""
    read: list[Quantity] = []
    for quantity in quantities:
        before = [q for q in read if q.kind not in ("year", "date")]
        bare = quantity.kind == "count" and quantity.unit is None and quantity.counted is None
        bare = bare and quantity.qualifier == "exact" and not _ARTICLE_RE.match(quantity.text)  # "to £3.40 a dozen"
        # (not after the period a change took: "almost quadrupled in four years, to 4,650", "over three years")
        elided = before and before[-1].kind in _ELIDED_KINDS and not _period_taken(text, before[-1])
        if bare and elided and _CLAUSE_CLOSE_RE.match(text, quantity.end):
            quantity = replace(quantity, kind=before[-1].kind, unit=before[-1].unit)
        read.append(quantity)
    return tuple(read)


def profile(text: str) -> ClaimProfile:
    """Content words outside the quantities, the quantities (shares read as percentages) and what they count, of
    the first PROFILE_CHARS of the text."""
    folded = unicodedata.normalize("NFC", _head(text))
    folded = _LEADING_SOURCE_RE.sub("", _TRAILING_SOURCE_RE.sub("", folded))
    folded = _AND_A_HALF_RE.sub(_one_and_a_half, folded)
    found = [_as_read(q, folded) for q in find_quantities(folded, shares=True) if q.kind != "ordinal"]
    merged, multiple_direction = _more_quantities(folded, found)
    quantities = _elided_units(folded, [q for q in merged if not _pronoun_one(folded, q)])
    pieces, last = [], 0
    things: list[str | None] = []
    for i, quantity in enumerate(quantities):
        pieces.append(folded[last : quantity.start])
        last = quantity.end
        following = folded[quantity.end : quantities[i + 1].start if i + 1 < len(quantities) else len(folded)]
        things.append(_thing(quantity, following))
    pieces.append(folded[last:])
    sequence: list[str | None] = []  # content stems in order; None for a figure or a function word between
    modifiers: set[str] = set()
    names: set[str] = set()
    spellings: dict[tuple[str, str], None] = {}  # ordered, without repeats
    changes: list[int] = []
    frame: list[str] = []
    for i, piece in enumerate(pieces):
        if i:
            sequence.append(None)
            frame.append(_figure_token(quantities[i - 1]))
        if i < len(quantities):
            # the words before the figure, and the one right after it ("a 12% cut")
            stems = {_stem(word) for word in _WORD_RE.findall(piece.casefold())}
            stems.update(_stem(word) for word in _WORD_RE.findall(pieces[i + 1].casefold())[:1])
            changes.append(int(bool(stems & _RISE_STEMS)) - int(bool(stems & _FALL_STEMS)))
        for spelled in _WORD_RE.findall(piece):
            word = spelled.casefold()
            if not _content(word):
                sequence.append(None)
                continue
            stem = _stem(word)
            sequence.append(stem)
            frame.append(stem)
            spellings[stem, _POSSESSIVE_RE.sub("", spelled)] = None  # "Nurses'" is "Nurses"
            if word in _MODIFIER_WORDS or word.endswith(_MODIFIER_ENDINGS):
                modifiers.add(stem)
            if reads_as_name(spelled, first=len(sequence) == 1):
                names.add(stem)
    words = frozenset(word for word in sequence if word is not None)
    rises = bool(words & _RISE_STEMS) or multiple_direction > 0
    falls = bool(words & _FALL_STEMS) or multiple_direction < 0
    direction = int(rises) - int(falls)
    heavy = words.intersection(things)
    norm = math.sqrt(len(words) - len(heavy) + THING_WEIGHT**2 * len(heavy))
    comparison, end, judgement = _comparison(folded, quantities)
    rests = _rests(folded, quantities)
    worked_out = _worked_out(folded, quantities, rests)
    # "dog-fouling fines": a hyphenated word names a thing, whatever its ending ("-ing" reads as a participle)
    compounds = frozenset(
        _stem(part.casefold())
        for compound in _COMPOUND_RE.findall(folded)
        for part in _WORD_RE.findall(compound)
        if _content(part.casefold())
    )
    return ClaimProfile(
        words=words,
        quantities=quantities,
        direction=direction,
        comparison=comparison,
        end=end,
        judgement=judgement,
        things=tuple(things),
        roles=_roles(folded, quantities, worked_out),
        changes=tuple(changes),
        worked_out=worked_out + _level_pairs(folded, quantities, worked_out),
        rests=tuple(rest for rest, _, _ in rests),
        yearly=_yearly(folded, quantities),
        periods=_periods(folded, quantities),
        intent=bool(_INTENT_RE.search(folded)),
        total=max((2 if match.group("said") else 1 for match in _TOTAL_RE.finditer(folded)), default=0),
        several_years=bool(_SEVERAL_YEARS_RE.search(folded)),
        one_year=bool(_ONE_YEAR_RE.search(folded)),
        average=bool(_AVERAGE_RE.search(folded)),
        alone=bool(_ALONE_RE.search(folded)),
        contrasts=frozenset(word.casefold() for word in _CONTRAST_RE.findall(folded)),
        extreme=bool(_EXTREME_RE.search(folded)),
        norm=norm,
        sequence=tuple(sequence),
        modifiers=frozenset(modifiers - set(things) - compounds),
        names=frozenset(names),
        spellings=tuple(spellings),
        compounds=compounds,
        frame=tuple(frame),
    )


def _other_period(a: Quantity, b: Quantity) -> bool:
    """Two spans of years with other ends ("between 1960 and 1990" / "between 1990 and 2020", "the 1990s" /
    "1995 to 2005"): the ranges overlap, but a restatement names the same period."""
    spans = [(q.low, q.high) for q in (a, b) if q.kind == "year" and q.qualifier == "range"]
    return len(spans) == 2 and spans[0] != spans[1]


def _far_apart(a: Quantity, b: Quantity) -> bool:
    if _other_period(a, b):
        return True
    if a.kind in ("year", "date") or b.kind in ("year", "date"):
        return False
    low, high = sorted((abs(magnitude(a)), abs(magnitude(b))))
    return high > BOUND_SPREAD * low


def _things(thing_a: str | None, thing_b: str | None, a: ClaimProfile, b: ClaimProfile) -> str:
    """ "same", "loose" (each named by the other claim: "200 police officers" / "200 officers"), or "other"."""
    if thing_a is None or thing_b is None or thing_a == thing_b:
        return "same"
    if thing_a in b.words or thing_b in a.words:
        return "loose"
    words_a = {word.casefold() for stem, word in a.spellings if stem == thing_a}
    words_b = {word.casefold() for stem, word in b.spellings if stem == thing_b}
    if any(covers(word_a, word_b) for word_a in words_a for word_b in words_b):
        return "loose"  # "260,000 visitors" / "260,000 people"
    return "other"  # "14 hospitals" / "14 schools": what is counted differs, whatever the figures


def _relation(a: Quantity, b: Quantity, things: str) -> str:
    """How two figures relate, given how what they count relates (see _things)."""
    if things == "other" and a.kind == b.kind:
        return "other"
    relation = compare(a, b)
    if relation == "agree" and _far_apart(a, b):
        return "differ"  # "over 14,000" allows 52,000, but a restatement keeps about the same figure
    if relation == "unrelated" and a.kind == b.kind and a.kind in ("count", "ordinal"):
        # the same thing under another name ("ships", "vessels"; "member states", "members") compares by value
        loose = compare(replace(a, unit=None), replace(b, unit=None))
        if loose == "agree":
            return "differ" if _far_apart(a, b) else ("agree" if things == "same" else "loose")
        return loose
    if relation == "agree" and things == "loose":
        return "loose"
    return relation


def _in_role(relation: str, a: ClaimProfile, i: int, b: ClaimProfile, j: int) -> str:
    """Figure i of a and figure j of b, alike as figures, differ in what they say: a change in one and a level in
    the other ("fell by 8,200" / "fell to 8,200"), or a rise in one and a fall in the other ("day trips rose 8%
    while stays fell 5%" / "day trips fell 8% while stays rose 5%")."""
    if relation not in ("agree", "loose"):
        return relation
    roles = {a.roles[i], b.roles[j]}
    if roles in ({"by", "to"}, {"more", "to"}) or a.changes[i] * b.changes[j] < 0:
        return "differ"
    # "380 more homes than in the previous five years" / "380 homes, twice as many as ...": a difference against
    # a figure stated with no word of change
    if roles == {"more", None} and not (a.changes[i] or b.changes[j]):
        return "differ"
    return relation


@dataclass(frozen=True, slots=True)
class _FigureCounts:
    """How each figure of the claim with fewer relates to the other claim's, counted by the closest relation."""

    agree: int = 0
    loose: int = 0
    differ: int = 0  # another figure for the same thing ("31 members" / "32 members")
    other: int = 0  # the same figure of another thing ("14 hospitals" / "14 schools")
    of: int = 0  # figures of the claim with fewer


def _figure_counts(a: ClaimProfile, b: ClaimProfile) -> _FigureCounts:
    shorter, longer = (a, b) if len(a.quantities) <= len(b.quantities) else (b, a)
    worked_out = _stated_by_other(shorter, longer)
    counts = {"agree": 0, "loose": 0, "differ": 0, "other": 0}
    for i, (quantity, thing) in enumerate(zip(shorter.quantities, shorter.things, strict=True)):
        relations = {
            _in_role(_relation(quantity, q, _things(thing, t, shorter, longer)), shorter, i, longer, j)
            for j, (q, t) in enumerate(zip(longer.quantities, longer.things, strict=True))
        }
        if i in worked_out or any(_works_out_to(change, quantity) for change, _, _ in longer.worked_out):
            relations.add("agree")
        if _over_a_year(shorter, i, longer):
            relations.add("agree")
        closest = next((relation for relation in counts if relation in relations), None)
        if closest is not None:
            counts[closest] += 1
    return _FigureCounts(**counts, of=len(shorter.quantities))


def figures_differ(a: ClaimProfile, b: ClaimProfile) -> bool:
    """Both claims give a figure for the same thing and the figures disagree, however alike the words."""
    return bool(a.quantities and b.quantities) and _figure_counts(a, b).differ > 0


def _numbers_factor(a: ClaimProfile, b: ClaimProfile) -> tuple[float, float]:
    """(factor, bonus) from how the two claims' figures, and what they count, relate."""
    if not a.quantities and not b.quantities:
        return 1.0, 0.0
    if not a.quantities or not b.quantities:
        return ONE_SIDED_FACTOR, 0.0
    counts = _figure_counts(a, b)
    if counts.differ:
        return DIFFER_FACTOR, 0.0
    if counts.other:
        return OTHER_THING_FACTOR, 0.0
    if counts.agree + counts.loose == counts.of:
        # the same figure of things the two claims name differently is weaker evidence
        return 1.0, AGREE_BONUS * (counts.agree + counts.loose / 2) / counts.of
    return (ONE_SIDED_FACTOR if counts.agree + counts.loose else UNRELATED_FACTOR), 0.0


def _over_a_year(claim: ClaimProfile, i: int, other: ClaimProfile) -> bool:
    """Figure i of the claim is a week's or a month's figure of the other's year, or the year's of its week or
    month: "25 complaints a week" / "1,300 complaints last year"."""
    its_year = any(index == i and _works_out_to(year, q) for year, index in claim.yearly for q in other.quantities)
    return its_year or any(_works_out_to(year, claim.quantities[i]) for year, _ in other.yearly)


def _same_over_a_year(a: ClaimProfile, b: ClaimProfile) -> bool:
    return any(_over_a_year(a, i, b) for i in range(len(a.quantities)))


def _works_out_to(worked_out: Quantity, stated: Quantity) -> bool:
    """A figure worked out is the one stated: the same within 1%, unless the stated one is approximate ("almost
    quadrupled"); a round "250,000" allows 246,000 as a figure of its own, not as one worked out."""
    if _relation(worked_out, stated, "same") != "agree":
        return False
    close = abs(magnitude(worked_out) - magnitude(stated)) <= 0.01 * max(abs(magnitude(stated)), 1e-9)
    return close or stated.qualifier != "exact" or worked_out.qualifier != "exact"


def _stated_by_other(claim: ClaimProfile, other: ClaimProfile) -> set[int]:
    """The indexes of the claim's figures that work out to one the other claim states ("from 41 to 29" / "axed
    12", "11 of the 28 are open" / "lost 17")."""
    stated: set[int] = set()
    for change, i, j in claim.worked_out:
        matched = [q for q in other.quantities if _works_out_to(change, q)]
        # ...unless the other states a level of its own besides: "from 14 to 22 minutes" / "by eight, to 30"
        levels = {claim.quantities[i].kind, claim.quantities[j].kind}
        own_level = any(
            q.kind in levels and q not in matched and all(compare(q, mine) != "agree" for mine in claim.quantities)
            for q in other.quantities
        )
        if matched and not own_level:
            stated.update((i, j))
    return stated


def _named_before(claim: ClaimProfile, own: frozenset[str], shared: frozenset[str]) -> set[str]:
    """The shared words that one of the claim's own nouns stands right before ("bus" before "fare")."""
    sequence = claim.sequence
    return {
        following
        for word, following in itertools.pairwise(sequence)
        if word in own and word not in claim.modifiers and following in shared
    }


def _other_subject(a: ClaimProfile, b: ClaimProfile) -> bool:
    """Each claim names the same thing with a noun the other lacks right before it: "train fares" / "bus fares",
    "flu vaccination" / "measles vaccination", "barley yields" / "wheat yields": about two things, not one."""
    shared = a.words & b.words
    only_a, only_b = _unrelated_own(a, b, shared)
    if not only_a or not only_b:
        return False
    return bool(_named_before(a, only_a, shared) & _named_before(b, only_b, shared))


def _unrelated_own(a: ClaimProfile, b: ClaimProfile, shared: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The stems each claim has of its own, less those WordNet relates to one of the other's: "bike lane" / "cycle
    lane" name one lane."""
    written_a = {(stem, word.casefold()) for stem, word in a.spellings if stem not in shared}
    written_b = {(stem, word.casefold()) for stem, word in b.spellings if stem not in shared}
    paired = {
        stem
        for (stem_a, word_a), (stem_b, word_b) in itertools.product(written_a, written_b)
        if related(word_a, word_b)
        for stem in (stem_a, stem_b)
    }
    return a.words - shared - paired, b.words - shared - paired


def _narrower(a: ClaimProfile, b: ClaimProfile) -> bool:
    """All one claim says is in the other, which puts a noun, an adjective or a hyphenated word of its own right
    before a noun both share: "sheep farmers" / "farmers", "rural clinics" / "clinics", "O-negative donors" /
    "donors". (Words of its own elsewhere, "the Calder region" / "Calder", mostly say the same thing at more
    length.)"""
    shared = a.words & b.words
    for wide, narrow in ((a, b), (b, a)):
        own = narrow.words - shared
        if not own or wide.words - shared:
            continue
        nouns = {stem for stem, word in narrow.spellings if reads_as_noun(word.casefold())}
        adjectives = {stem for stem, word in narrow.spellings if reads_as_adjective(word.casefold())}
        narrowing = (own & (nouns | adjectives | narrow.compounds)) - _NOT_NARROWING
        # before a shared noun that is no name ("the river Teven", "the alliance NATO" name one thing)
        heads = (shared & (nouns | narrow.compounds)) - narrow.names
        if any(word in narrowing and following in heads for word, following in itertools.pairwise(narrow.sequence)):
            return True
    return False


def _other_names(a: ClaimProfile, b: ClaimProfile) -> bool:
    """Each claim names a place, body or person the other does not: "the Selby Point lighthouse" / "the lighthouse
    at Marden Head" are two lighthouses. (One name against none is often the same one: "NATO" / "the alliance".)"""
    only_a, only_b = _written(a, a.names - b.words, names=True), _written(b, b.names - a.words, names=True)
    # (a name and the word formed from it are one place: "Scottish" / "Scotland")
    return any(not related(name_a, name_b) for name_a in only_a for name_b in only_b)


def _other_kind(a: ClaimProfile, b: ClaimProfile) -> bool:
    """Each claim has a noun of its own, and the two are things of one kind ("nurses" / "teachers in Pendry",
    "car thefts" / "burglaries", "women" / "men"): two subjects in the same words."""
    own_a, own_b = _unrelated_own(a, b, a.words & b.words)
    only_a = {word.casefold() for stem, word in a.spellings if stem in own_a}
    only_b = {word.casefold() for stem, word in b.spellings if stem in own_b}
    return any(same_kind(word_a, word_b) for word_a in only_a for word_b in only_b)


def _substituted(a: ClaimProfile, b: ClaimProfile) -> bool:
    """The two claims say the same thing around a word or two, and in its place each has words that do not relate
    to the other's ("Farmers have planted 640 km of hedgerow" / "grubbed up", "Firefighters in Gravesholt took 19
    minutes" / "Police in Gravesholt"): a minimal pair, two claims. Rewordings move words about or use words that
    WordNet relates."""
    matcher = SequenceMatcher(None, a.frame, b.frame, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    if same < SUBSTITUTION_FRAME * min(len(a.frame), len(b.frame)):
        return False
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag != "replace" or max(i2 - i1, j2 - j1) > SUBSTITUTION_WORDS:
            continue
        # in the same place: the words before and after it line up (or it starts or ends both claims)
        before = index == 0 or opcodes[index - 1][0] == "equal"
        after = index + 1 == len(opcodes) or opcodes[index + 1][0] == "equal"
        words_a = _written(a, a.frame[i1:i2])
        words_b = _written(b, b.frame[j1:j2])
        if not (before and after and words_a and words_b) or _describing_one_thing(words_a, words_b):
            continue
        if _linking(a.frame[i1:i2]) and _linking(b.frame[j1:j2]):
            continue
        if not any(related(x, y) for x in words_a for y in words_b):
            return True
    return False


def _linking(stems: Iterable[str]) -> bool:
    return all(stem in _LINKING_STEMS for stem in stems if not stem.startswith("#"))


def _describing(words: set[str]) -> bool:
    return all(reads_as_adjective(word) for word in words)


def _describing_one_thing(words_a: set[str], words_b: set[str]) -> bool:
    """Adjectives in each other's place that describe one person or thing ("former" / "outgoing mayor"), not two
    groups ("older" / "disabled people's bus passes", "mature" / "young students")."""
    of_one_thing = (words_a | words_b) & _MODIFIER_WORDS  # "former", "current", "whole", "overall", ...
    return _describing(words_a) and _describing(words_b) and bool(of_one_thing)


def _written(claim: ClaimProfile, stems: Iterable[str], *, names: bool = False) -> set[str]:
    """The words as written (lower case) of these content stems; figures are left to the number rules, and names
    to the name rule unless asked for."""
    wanted = {stem for stem in stems if not stem.startswith("#")}
    wanted = wanted if names else wanted - claim.names
    return {word.casefold() for stem, word in claim.spellings if stem in wanted}


def _other_subject_in_same_words(a: ClaimProfile, b: ClaimProfile) -> bool:
    if _other_subject(a, b) or _other_names(a, b) or _other_kind(a, b) or _narrower(a, b):
        return True
    # the rest said the other way round changes words in place by design ("still working" / "stopped working")
    return _substituted(a, b) and not _said_the_other_way(a, b)


def _said_the_other_way(a: ClaimProfile, b: ClaimProfile) -> bool:
    return any(_works_out_to(rest, q) for x, y in ((a, b), (b, a)) for rest in x.rests for q in y.quantities)


def _weight(word: str, claim: ClaimProfile) -> float:
    return THING_WEIGHT if word in claim.things else 1.0


def _related_dot(a: ClaimProfile, b: ClaimProfile, shared: frozenset[str]) -> float:
    """What the words each claim has of its own add to the cosine when WordNet relates them in pairs ("houses" /
    "homes", "repaired" / "fixed"): RELATED_WEIGHT of a shared word, each word paired once."""
    written_b = [(stem, word.casefold()) for stem, word in b.spellings if stem not in shared and stem not in b.names]
    paired: set[str] = set()
    dot = 0.0
    for stem_a, word_a in a.spellings:
        if stem_a in shared or stem_a in a.names or stem_a in paired:
            continue
        for stem_b, word_b in written_b:
            if stem_b not in paired and related(word_a.casefold(), word_b):
                paired.update((stem_a, stem_b))
                dot += RELATED_WEIGHT * _weight(stem_a, a) * _weight(stem_b, b)
                break
    return dot


def _other_measure(a: ClaimProfile, b: ClaimProfile) -> bool:
    """An average in one claim and an extreme, and no average, in the other: "the average wait" / "the longest
    wait", "on average 38% full" / "never more than 38% full"."""
    return any(x.average and not y.average and (y.end != 0 or y.extreme) for x, y in ((a, b), (b, a)))


def _years_and_a_year(a: ClaimProfile, b: ClaimProfile) -> bool:
    """A span of years in one claim and one year in the other: "over the past three years" / "last year"."""
    return any(x.several_years and not x.one_year and y.one_year and not y.several_years for x, y in ((a, b), (b, a)))


def _other_hours(a: ClaimProfile, b: ClaimProfile) -> bool:
    """Each claim names a time of day the other does not: "between 7am and 11pm" / "between 11pm and 6am"."""
    hours_a = {word for word in a.words if _CLOCK_RE.fullmatch(word)}
    hours_b = {word for word in b.words if _CLOCK_RE.fullmatch(word)}
    return bool(hours_a - hours_b) and bool(hours_b - hours_a)


def _total_and_period(a: ClaimProfile, b: ClaimProfile) -> bool:
    """A running total in one claim and a year's or a month's figure in the other: "has earned £290,000 since
    2017" / "earned £290,000 last year", "£47,000 in total since 2019" / "£47,000 a year"."""
    # ("the most visitors since 2008" is a record, not a total)
    # ("stood empty since staff moved" on both sides says nothing of the figure; "in total" does)
    return any(x.total > y.total and not x.end and y.periods and not x.periods for x, y in ((a, b), (b, a)))


def _contrasted(a: ClaimProfile, b: ClaimProfile) -> bool:
    """One claim says "primary schools" where the other says "secondary schools" (and neither says both)."""
    only_a, only_b = a.contrasts - b.contrasts, b.contrasts - a.contrasts
    return any((x in only_a and y in only_b) or (y in only_a and x in only_b) for x, y in _CONTRASTS)


def similarity(a: ClaimProfile, b: ClaimProfile) -> float:
    """0..1: the cosine of the two word sets (what figures count weighs more), scaled by how their figures relate."""
    shared = a.words & b.words
    dot = sum(_weight(word, a) * _weight(word, b) for word in shared) + _related_dot(a, b, shared)
    lexical = min(1.0, dot / (a.norm * b.norm)) if dot else 0.0
    factor, bonus = _numbers_factor(a, b)
    # "last month" / "last year"; "61 last year, more than one a week" / "one a week" say no other period
    other_period = a.periods and b.periods and not (a.periods <= b.periods or b.periods <= a.periods)
    # ("25 a week" / "1,300 last year" is one figure over two periods)
    other_period = (other_period and not _same_over_a_year(a, b)) or _other_hours(a, b) or _years_and_a_year(a, b)
    signs = ((a.direction, b.direction), (a.comparison, b.comparison), (a.end, b.end), (a.judgement, b.judgement))
    opposite = any(x * y < 0 for x, y in signs) or a.intent != b.intent  # "aimed to collect" / "collected"
    opposite = opposite or _other_measure(a, b) or _contrasted(a, b) or a.alone != b.alone or _total_and_period(a, b)
    if opposite or other_period:
        factor, bonus = min(factor, DIFFER_FACTOR), 0.0  # "rose by 12%" is not "fell by 12%"
    # (skipped when they could not lower the score: the word lists and the alignment cost the most)
    if lexical and factor > OTHER_SUBJECT_FACTOR and _other_subject_in_same_words(a, b):
        factor, bonus = OTHER_SUBJECT_FACTOR, 0.0
    # The bonus for agreeing figures grows with the shared wording: the same "12%" about rents and burglaries
    # is a coincidence, not a restatement.
    return round(min(1.0, lexical * factor + bonus * min(1.0, lexical / FULL_BONUS_LEXICAL)), 4)


@dataclass(frozen=True, slots=True)
class Differences:
    """What each of two claims says that the other does not: figures, then words, in the order written."""

    only_here: tuple[str, ...]
    only_there: tuple[str, ...]


def _only(claim: ClaimProfile, other: ClaimProfile) -> tuple[str, ...]:
    figures = [q.text for q in claim.quantities if all(compare(q, o) != "agree" for o in other.quantities)]
    words = [word for stem, word in claim.spellings if stem not in other.words]
    return tuple(dict.fromkeys(figures + words))


def differences(here: ClaimProfile, there: ClaimProfile) -> Differences:
    """For an editor weighing a match: "sheep" only here, "2023" here against "2024" there."""
    return Differences(_only(here, there), _only(there, here))


def rank(
    query: ClaimProfile, candidates: Iterable[tuple[int, ClaimProfile]], *, threshold: float = MATCH_THRESHOLD
) -> list[Scored]:
    """Candidates scoring at least `threshold`, best first (ties by key)."""
    scored = [Scored(key, similarity(query, other)) for key, other in candidates]
    return sorted((s for s in scored if s.score >= threshold), key=lambda s: (-s.score, s.key))
