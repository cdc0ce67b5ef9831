"""The question quality check: flags closed (yes/no) and leading questions, and proposes an open form.

Win-loss interviews only work when buyers explain in their own words, so every
question of a bank or a guide should be open and neutral. ``check_question``
runs on every keystroke of the question editor: it is pure Python, uses only
precompiled regular expressions, and does the (slower) rewriting only for the
questions it flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["QualityIssue", "check_question"]

CLOSED = "closed"
LEADING = "leading"


@dataclass(frozen=True)
class QualityIssue:
    """One problem found in a question, with where it is and an open rewrite of the question."""

    kind: str
    """``"closed"`` (the buyer can answer yes or no) or ``"leading"`` (it suggests the answer)."""
    reason: str
    """A sentence for the user naming the words at fault."""
    suggestion: str
    """The whole question rewritten in an open, neutral form (best effort)."""
    start: int
    """Offset of the flagged words in the question's text."""
    end: int
    """Offset just past the flagged words."""


# --- vocabulary ----------------------------------------------------------------------------------------------------

_Q = "['’]"  # straight or typographic apostrophe
_AUX = "did|does|do|was|were|is|are|am|has|have|had|can|could|would|will|should|shall|may|might|must"
_SUBJECT = r"you|they|we|i|he|she|it|there|your\s+team|anyone|anybody|anything|that|this"
_NEG_AUX = "did|does|do|was|were|is|are|has|have|had|ca|could|would|wo|should|must"
_NEG_FULL = {"ca": "can", "wo": "will"}
_FILLERS = r"(?:(?:so|and|but|or|now|ok|okay|well|then|also|finally|lastly|overall|honestly|first|next|again)\b[\s,]*)*"
_LEAD_CHARS = "\\s\"'“”‘’«»(\\[*_\\-–—"
_INTENSIFIER = r"(?:so|really|very|truly|incredibly|super|pretty|quite|extremely|absolutely|totally|such\s+an?)"
_LOADED = (
    r"amazing|awesome|terrible|horrible|awful|clunky|superior|inferior|best[- ]in[- ]class|world[- ]class|"
    r"state[- ]of[- ]the[- ]art|cutting[- ]edge|top[- ]notch|first[- ]rate|second[- ]rate|sub[- ]?par|"
    r"industry[- ]leading|market[- ]leading|game[- ]changing|fantastic|incredible|outstanding|wonderful|brilliant|"
    r"stellar|lousy|dreadful|pathetic|mediocre|seamless|bloated|outdated|overpriced|useless|flawless|unbeatable|"
    r"excellent|shoddy|sloppy|(?:far|much|way|so\s+much)\s+(?:better|worse)"
)
_HOW_ADJECTIVES = (
    r"great|easy|awesome|amazing|good|bad|terrible|helpful|useful|frustrating|painful|smooth|simple|intuitive|"
    r"fast|slow|poor|excellent|wonderful|fantastic|disappointing|impressive|confusing|clunky|nice|pleasant|hard|"
    r"difficult|better|worse|happy|unhappy|pleased|delighted|frustrated|disappointed|annoyed|seamless"
)
_DETERMINER = (
    r"(?:(?:the|our|your|their|its|this|that|these|those|my|his|her|a|an)\b|\{\s*\w+\s*\}(?:['’]s)?|"
    r"(?:it|they|them)\b)"
)
_NOT_IN_NP = r"(?!(?:a|an|the|that|which|who|it|is|was|were|are|and|or|but|to|of)\b)"
_NP = rf"{_DETERMINER}(?:\s+{_NOT_IN_NP}[\w{{}}'’-]+){{0,4}}?"
_COPULA = "was|were|is|are"
_OPEN_START = (
    r"what|how|why|who|whom|whose|which|where|when|tell|walk|describe|explain|talk|share|help|take|"
    r"in\s+what|to\s+what|looking|if"
)

_F = re.IGNORECASE
_SENTENCE = re.compile(r"[^.?!]+(?:[.?!]+[\"'”’)\]]*|$)")
_START = re.compile(rf"[{_LEAD_CHARS}]*{_FILLERS}", _F)
_LEAD = re.compile(rf"^[{_LEAD_CHARS}]*")
_TRAIL = re.compile(r"[?.!]*[\s\"'”’»)\]]*$")
_OPENER = re.compile(rf"(?P<w>(?P<aux>{_AUX})(?:\s+(?:{_SUBJECT}))?)\b", _F)
_NEG_OPENER = re.compile(rf"(?P<w>(?P<aux>{_NEG_AUX})n{_Q}t(?:\s+(?:{_SUBJECT}))?)\b", _F)
_ANY_OPENER = re.compile(r"(?P<w>any(?:thing|one|body)?(?:\s+(?:else|other))?)\b", _F)
_START_FRAME = re.compile(r"(?P<w>clearly|naturally|presumably|evidently)\b", _F)
_FRAME = re.compile(
    rf"\b(?P<w>(?:don{_Q}t|do\s+not)\s+you\s+(?:agree|think|feel|find|believe)|"
    rf"(?:wouldn{_Q}t|would\s+not)\s+you\s+(?:say|agree)|"
    rf"(?:isn{_Q}t|wasn{_Q}t|is\s+it\s+not)\s+it\s+(?:true|fair\s+to\s+say|the\s+case|obvious|clear)|"
    rf"(?:you{_Q}d|you\s+would|would\s+you|do\s+you)\s+agree|surely|obviously|of\s+course|needless\s+to\s+say|"
    rf"as\s+you\s+know|as\s+we\s+all\s+know|everyone\s+knows|we\s+all\s+know|i\s+assume|i{_Q}m\s+assuming|"
    rf"i{_Q}m\s+sure|i\s+am\s+sure|i\s+bet|i\s+guess|i\s+imagine|i\s+suppose|undoubtedly|no\s+doubt)\b",
    _F,
)
_FRAME_TAIL = re.compile(r"\s*(?:that\b)?\s*,?\s*", _F)
_TAG_SEP = r"\s*(?:[,;:—–]|\s-)\s*"
_TAG_WORDS = (
    rf"right|correct|yes|no|true|agreed|ok|okay|yeah|am\s+i\s+right|is\s+that\s+(?:right|correct|true|fair)|"
    rf"(?:{_NEG_AUX})n{_Q}t\s+(?:it|you|they|we|he|she|that|there|i)"
)
_TAG = re.compile(rf"(?P<sep>{_TAG_SEP})(?P<w>{_TAG_WORDS})\s*\?[\s\"'”’)\]]*$", _F)
_TAG_END = re.compile(rf"{_TAG_SEP}(?:{_TAG_WORDS})\s*$", _F)
"""A tag ("…, right") at the end of a question's core, which has lost its question mark."""
_OR_NOT = re.compile(r"(?P<sep>\s*,?\s*)\b(?P<w>or\s+(?:not|no))\s*\?[\s\"'”’)\]]*$", _F)
_CLAUSE_BREAK = re.compile(r"[,;:—–(]|\s-\s")
_PARENTHETICAL = re.compile(r"\s*(?:would|do|did)\s+you\s+(?:say|think|feel|reckon|guess)\s*\??\s*$", _F)
_HOW_LOVE = re.compile(
    r"\b(?P<w>how\s+much\s+(?:did|do|does)\s+(?:you|they|your\s+team|\{\s*company\s*\})\s+"
    r"(?P<verb>love|like|enjoy|hate|dislike|appreciate|adore))\b(?P<rest>[^?.!]*)",
    _F,
)
_HOW_ADJ = re.compile(
    rf"\b(?P<w>how\s+(?:much\s+)?(?P<adj>{_HOW_ADJECTIVES}))\s+(?P<aux>{_AUX})\b(?P<rest>[^?.!]*)",
    _F,
)
_LOADED_WORD = re.compile(rf"(?P<int>\b{_INTENSIFIER}\s+)?\b(?P<w>{_LOADED})\b", _F)
_WORD = re.compile(r"[\w{}'’-]+")

# --- rewriting helpers ---------------------------------------------------------------------------------------------

_POLITE = re.compile(
    r"^(?:can|could|would|will)\s+you\s+(?:please\s+)?(?P<verb>tell|walk|describe|explain|share|talk|give|say|help|"
    r"outline|list|summari[sz]e|take|run|show|expand|elaborate)\b(?P<rest>.*)$",
    _F,
)
_ASK = re.compile(
    r"^(?:(?:may|can|could)\s+i\s+ask(?:\s+you)?|(?:shall|can|could|may)\s+we\s+(?:talk|move\s+on))"
    r"(?:\s+(?:about|to))?\s+(?P<rest>.+)$",
    _F,
)
_ELSE_CLAUSE = re.compile(
    rf"^(?:that\s+)?(?P<subj>you|we|they|i)\s*(?P<modal>{_Q}d|should|would|could|can|might|will|must)\s+(?P<tail>.*)$",
    _F,
)
_ELSE_VERB = re.compile(r"^(?:that\s+)?(?P<subj>you|we|they|i)\s+(?P<verb>want|need|think)\s+(?P<tail>.*)$", _F)
_THERE = re.compile(
    r"^(?P<aux>is|are|was|were|will|would)\s+there\s+(?P<q>anything|anyone|anybody|something|someone|somebody|any|"
    r"some)\b(?P<else>\s+else)?(?P<rest>.*)$",
    _F,
)
_MATTER = re.compile(
    r"^(?P<aux>did|does|do)\s+(?P<np>.+?)\s+(?:really\s+)?(?:matter|count|make\s+a\s+difference|play\s+a\s+role|"
    r"influence|affect|impact|factor\s+in(?:to)?)\b.*$",
    _F,
)
_FACTOR = re.compile(
    r"^(?P<aux>was|were|is|are)\s+(?P<np>.+?)\s+(?:a|an|the)\s+(?:(?:big|bigger|major|main|key|deciding|decisive|"
    r"important|real|significant)\s+)*(?:factor|issue|concern|consideration|problem|reason|driver)\b.*$",
    _F,
)
_DESCRIBE = re.compile(
    r"^(?:was|were|is|are)\s+(?P<np>(?:(?:the|our|your|their|its|this|that|these|those|my)\s+[\w{}'’-]+"
    r"(?:\s+(?!(?:too|" + _INTENSIFIER + r")\b)[\w{}'’-]+)?|\{\s*\w+\s*\}(?:['’]s\s+[\w'’-]+)?))"
    r"\s+(?:(?:too|" + _INTENSIFIER + r")\s+)?[\w-]+$",
    _F,
)
_THINK_OF = re.compile(
    r"^(?P<aux>did|do|does)\s+(?P<subj>you|they|your\s+team|\{\s*company\s*\})\s+"
    r"(?:like|love|enjoy|hate|dislike)\s+(?P<rest>.+)$",
    _F,
)
_LIKELY = re.compile(r"^(?:would|will)\s+you\s+(?:ever\s+)?(?P<rest>\w.*)$", _F)
_LED = re.compile(
    r"^(?:did|do|does)\s+(?P<subj>you|they|your\s+team)\s+(?P<verb>(?!think\b|feel\b)\w.*?)\s*,?\s+"
    r"(?:because(?:\s+of)?|due\s+to|mainly\s+for|for\s+the|owing\s+to)\b.*$",
    _F,
)
_STOP = frozenset(
    (
        "to", "for", "before", "after", "when", "that", "which", "who", "from", "with", "at", "in", "on", "during",
        "while", "because", "as", "than", "and", "or", "but", "of", "about", "into", "over", "under", "like", "if",
        "you", "we", "they", "it"
    )
)
_PRONOUN_START = re.compile(r"^(?:you|we|they|i|he|she|it|your|our|their|to|for|of|in|on|at|about|with)\b", _F)
_RELATIVE = re.compile(r"^\s*(?:who|that|which)\s+", _F)
_LOWER_FIRST = frozenset(
    (
        "the", "our", "your", "their", "its", "this", "that", "these", "those", "a", "an", "it", "they", "you", "we",
        "he", "she", "there", "my", "his", "her"
    )
)


def _tidy(text: str) -> str:
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(r"\s+([,?.!;:])", r"\1", text)
    text = re.sub(r"[,;:]+([?.!])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    return text.strip()


def _capitalize(text: str) -> str:
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1:]
        if char == "{":
            return text
    return text


def _decapitalize(text: str) -> str:
    first = text.split(" ", 1)[0].lower()
    if first in _LOWER_FIRST or first in {"to", "what", "how", "who", "tell", "which", "walk", "describe"}:
        return text[:1].lower() + text[1:]
    return text


def _core(text: str) -> str:
    """``text`` without its leading quotes/spaces and its end punctuation."""
    return _TRAIL.sub("", _LEAD.sub("", text))


def _words(text: str) -> list[str]:
    return text.split()


def _remove_span(text: str, start: int, end: int) -> str:
    return text[:start] + " " + text[end:]


def _else_question(rest: str) -> str | None:
    """``you'd like to add`` → ``What else would you like to add?``."""
    rest = rest.strip()
    if not rest:
        return "What else would you like to add?"
    match = _ELSE_CLAUSE.match(rest)
    if match:
        modal = "would" if match["modal"].startswith(("'", "’")) else match["modal"].lower()
        subject = match["subj"] if match["subj"].lower() != "i" else "I"
        return f"What else {modal} {subject} {match['tail']}?"
    match = _ELSE_VERB.match(rest)
    if match:
        return f"What else do {match['subj']} {match['verb']} {match['tail']}?"
    return None


def _quantified_np(words: list[str]) -> tuple[list[str], int]:
    """The noun phrase after ``any`` (up to three words, stopping at a preposition or clause), and its length."""
    taken: list[str] = []
    for word in words[:3]:
        bare = word.lower().strip(",")
        if bare in _STOP or (taken and bare.endswith(("ing", "ed"))):
            break
        taken.append(word.rstrip(","))
        if word.endswith(","):
            break
    return taken, len(taken)


def _closed_rewrite(core: str, clause: bool) -> str:
    """An open form of a yes/no question ``core`` (its text from the auxiliary on, no end punctuation)."""
    core = _TAG_END.sub("", re.sub(r",?\s+or\s+(?:not|no)\s*$", "", core.strip(), flags=_F))
    match = _POLITE.match(core)
    if match:
        return f"{match['verb'].capitalize()}{match['rest']}."
    match = _ASK.match(core)
    if match:
        rest = match["rest"]
        if re.match(rf"(?:{_OPEN_START})\b", rest, _F):
            return _capitalize(rest) + "?"
        return f"Tell me about {rest}."
    match = _THERE.match(core)
    if match:
        quantifier, rest = match["q"].lower(), match["rest"]
        if quantifier in ("anything", "something") and match["else"]:
            found = _else_question(rest)
            if found:
                return found
        who = quantifier.startswith(("anyone", "anybody", "someone", "somebody"))
        if quantifier in ("any", "some"):
            words = _words(rest)
            noun, size = _quantified_np(words)
            tail = " ".join(words[size:])
            if noun and (not tail or _RELATIVE.match(tail)):
                verb = match["aux"].lower()
                tail = _RELATIVE.sub("", tail)
                return f"What {' '.join(noun)} {tail}?" if tail else f"What {' '.join(noun)} {verb} there?"
            if noun and not _PRONOUN_START.match(tail):
                return f"What {' '.join(noun)} {match['aux'].lower()} {tail}?"
        elif _RELATIVE.match(rest):
            head = "Who" if who else "What"
            head += " else" if match["else"] else ""
            return f"{head} {_RELATIVE.sub('', rest)}?"
        return f"Tell me about {quantifier}{match['else'] or ''}{rest}."
    match = _MATTER.match(core)
    if match:
        tense = "did" if match["aux"].lower() == "did" else "does" if match["aux"].lower() == "does" else "do"
        return f"How {tense} {match['np']} figure in your decision?"
    match = _FACTOR.match(core)
    if match:
        past = match["aux"].lower() in ("was", "were")
        return f"What role {'did' if past else 'does'} {match['np']} play in your decision?"
    match = _DESCRIBE.match(core)
    if match:
        return f"How would you describe {match['np']}?"
    match = _THINK_OF.match(core)
    if match:
        return f"What {match['aux'].lower()} {match['subj']} think of {match['rest']}?"
    words = _words(core)
    aux, rest = words[0].lower(), words[1:]
    lowered = [w.lower().strip(",") for w in rest]
    for index, word in enumerate(lowered):
        if word in ("anything", "something", "anyone", "anybody", "someone", "somebody"):
            head = "What" if word in ("anything", "something") else "Who"
            skip = 1
            if index + 1 < len(lowered) and lowered[index + 1] == "else":
                head += " else"
                skip = 2
            remaining = rest[:index] + rest[index + skip:]
            if index == 0 and aux in ("did", "does", "do"):
                break  # "Did anything surprise you": needs a past tense; use the general form
            return f"{head} {aux} {' '.join(remaining)}?"
        if word == "any" and index > 0:
            noun, size = _quantified_np(rest[index + 1:])
            if noun:
                remaining = rest[:index] + rest[index + 1 + size:]
                return f"What {' '.join(noun)} {aux} {' '.join(remaining)}?"
            break
    likely = _LIKELY.match(core)
    if likely:  # "Would you buy again" → "How likely are you to buy again, and why?"
        asked = f"likely are you to {likely['rest']}"
        return f"how {asked}?" if clause else f"How {asked}, and why?"
    led = _LED.match(core)
    if led:  # the cause the question offered is left for the buyer to name
        whom = "them" if led["subj"].lower() == "they" else led["subj"]
        return f"{'what' if clause else 'What'} led {whom} to {led['verb']}?"
    body = f"to what extent {aux} {' '.join(rest)}"
    return f"{body}?" if clause else f"{_capitalize(body)}, and why?"


def _describe_np(text: str, adjective: str) -> str | None:
    """``How would you describe X?`` where X is what ``adjective`` (said of it in ``text``) describes."""
    adjective_pattern = rf"(?:{_INTENSIFIER}\s+)?(?:{adjective})\b"
    inverted = re.search(rf"\b(?:{_COPULA})\s+(?P<np>{_NP})\s+{adjective_pattern}", text, _F)
    normal = re.search(
        rf"(?<![\w{{])(?P<np>{_NP})\s+(?:{_COPULA}|seemed|felt|looked|sounded)\s+{adjective_pattern}", text, _F
    )
    match = inverted or normal
    if not match:
        return None
    return f"How would you describe {_decapitalize(match['np'])}?"


def _statement_rewrite(statement: str) -> str:
    """An open question about a statement the interviewer put to the buyer."""
    statement = _tidy(_core(statement))
    match = re.match(rf"^(?P<np>{_NP})\s+(?:{_COPULA})\s+(?:{_INTENSIFIER}\s+)?[\w-]+$", statement, _F)
    if match:
        return f"How would you describe {_decapitalize(match['np'])}?"
    return f"How accurate is it to say that {_decapitalize(statement)}, and what would you add?"


def _question_or_statement(text: str) -> str:
    """What's left of a sentence once a leading frame or a tag is removed, made into an open question."""
    text = _tidy(text)
    core = _core(text)
    if not core:
        return "How would you describe that, in your own words?"
    start = _START.match(core).end()
    if re.match(rf"(?:{_OPEN_START})\b", core[start:], _F):
        return _capitalize(core[start:]) + "?"
    opener = _NEG_OPENER.match(core, start) or _OPENER.match(core, start)
    if opener:
        aux = opener["aux"].lower()
        body = _NEG_FULL.get(aux, aux) + core[opener.start("aux") + len(opener["aux"]):].replace("n't", "", 1)
        return _closed_rewrite(body.replace("n’t", "", 1), clause=False)
    return _statement_rewrite(core)


# --- detection -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    kind: str
    reason: str
    start: int
    end: int
    seg_start: int
    seg_end: int
    rewrite: Callable[[str], str]
    """Turns the segment's text into its open form."""


def _sentence_rewrite(opener_start: int, aux: str, seg_offset: int) -> Callable[[str], str]:
    def rewrite(segment: str) -> str:
        lead = _LEAD.match(segment).group()
        trail = re.search(r"[\s\"'”’»)\]]*$", segment).group()
        local = opener_start - seg_offset
        core = _TRAIL.sub("", segment[local:])
        core = aux + core[len(core.split(None, 1)[0]):] if core else core
        return lead + _capitalize(_closed_rewrite(core, clause=False)) + trail

    return rewrite


def _clause_rewrite(opener_start: int, aux: str, seg_offset: int) -> Callable[[str], str]:
    def rewrite(segment: str) -> str:
        local = opener_start - seg_offset
        head = segment[:local]
        core = _TRAIL.sub("", segment[local:])
        core = aux + core[len(core.split(None, 1)[0]):]
        new = _closed_rewrite(core, clause=True)
        return head + new[:1].lower() + new[1:]

    return rewrite


def _remove_rewrite(start: int, end: int, seg_offset: int, tail: re.Pattern[str] | None) -> Callable[[str], str]:
    def rewrite(segment: str) -> str:
        local_start, local_end = start - seg_offset, end - seg_offset
        if tail is not None:
            local_end = tail.match(segment, local_end).end()
        lead = _LEAD.match(segment).group()
        return lead + _question_or_statement(_remove_span(segment, local_start, local_end))

    return rewrite


def _adjective_rewrite(end: int, int_start: int, seg_offset: int, adjective: str) -> Callable[[str], str]:
    def rewrite(segment: str) -> str:
        described = _describe_np(segment, re.escape(adjective))
        if described:  # said of something ("the demo was amazing"): ask how they would describe it
            return _LEAD.match(segment).group() + described
        head = segment[:int_start - seg_offset].rstrip()
        after = segment[end - seg_offset:].lstrip()
        article = re.search(r"\b(an?)$", head, _F)
        if article and after:  # "an amazing demo" → "a demo"
            head = head[:article.start()] + ("an" if after[0].lower() in "aeiou" else "a")
        return _tidy(head + " " + after)

    return rewrite


def _how_rewrite(kind: str, match: re.Match[str], seg_offset: int) -> Callable[[str], str]:
    start, end = match.start() - seg_offset, match.end() - seg_offset
    rest = match["rest"].strip().rstrip(",")

    def rewrite(segment: str) -> str:
        if kind == "love":
            new = f"What {match['w'].split()[2].lower()} {match['w'].split()[3]} think of {rest}?"
        else:
            aux = match["aux"].lower()
            it_to = re.match(r"^it\s+to\s+(?P<v>.+)$", rest, _F)
            you_with = re.match(r"^you\s+(?:with|about)\s+(?P<x>.+)$", rest, _F)
            if it_to:
                tense = {"was": "was it", "were": "was it", "is": "is it", "are": "is it"}.get(aux, "would it be")
                new = f"What {tense} like to {it_to['v']}?"
            elif you_with:
                new = f"How would you describe your experience with {you_with['x']}?"
            elif aux in ("did", "do", "does", "would", "will", "could", "can"):
                new = f"How {aux} {rest}?"
            else:
                new = f"How would you describe {rest}?"
        return _tidy(segment[:start] + new + _TRAIL.sub("", segment[end:]))

    return rewrite


def _segment_hits(text: str, seg_start: int, seg_end: int, first: bool) -> list[_Hit]:
    segment = text[seg_start:seg_end]
    core_end = seg_start + len(_TRAIL.sub("", segment))
    asks = "?" in segment[core_end - seg_start:] or (segment.rstrip().endswith("?"))
    tail = core_end == seg_end and not segment.rstrip().endswith((".", "!"))
    hits: list[_Hit] = []

    def add(kind: str, reason: str, start: int, end: int, rewrite: Callable[[str], str]) -> None:
        if any(start < hit.end and hit.start < end for hit in hits):
            return
        hits.append(_Hit(kind, reason, start, end, seg_start, seg_end, rewrite))

    for match in _FRAME.finditer(text, seg_start, core_end):
        add(
            LEADING,
            f'"{match["w"]}" tells the buyer which answer you expect.',
            match.start("w"),
            match.end("w"),
            _remove_rewrite(match.start("w"), match.end("w"), seg_start, _FRAME_TAIL),
        )
    for match in _HOW_LOVE.finditer(text, seg_start, core_end):
        add(
            LEADING,
            f'"{match["w"]}" assumes how the buyer felt before they say it.',
            match.start("w"),
            match.end("w"),
            _how_rewrite("love", match, seg_start),
        )
    for match in _HOW_ADJ.finditer(text, seg_start, core_end):
        add(
            LEADING,
            f'"{match["w"]}" assumes the answer ({match["adj"].lower()}) before the buyer gives it.',
            match.start("w"),
            match.end("w"),
            _how_rewrite("adj", match, seg_start),
        )
    if first or asks or tail:
        position = _START.match(text, seg_start).end()
        opening = "Starts with" if first else "A later sentence starts with"
        match = _START_FRAME.match(text, position, core_end)
        if match:
            add(
                LEADING,
                f'"{match["w"]}" tells the buyer which answer you expect.',
                match.start("w"),
                match.end("w"),
                _remove_rewrite(match.start("w"), match.end("w"), seg_start, _FRAME_TAIL),
            )
        match = _NEG_OPENER.match(text, position, core_end)
        if match:
            aux = _NEG_FULL.get(match["aux"].lower(), match["aux"].lower())
            add(
                LEADING,
                f'{opening} "{match["w"]}": it pushes the buyer to agree, and a yes or no answers it.',
                match.start("w"),
                match.end("w"),
                _sentence_rewrite(match.start("w"), aux, seg_start),
            )
        match = _OPENER.match(text, position, core_end) or _ANY_OPENER.match(text, position, core_end)
        if match:
            aux = match.groupdict().get("aux")
            add(
                CLOSED,
                f'{opening} "{match["w"]}": the buyer can answer yes or no.',
                match.start("w"),
                match.end("w"),
                _sentence_rewrite(match.start("w"), aux.lower() if aux else "is there " + match["w"].split()[0].lower(),
                                  seg_start),
            )
    if asks:
        segment_text = text[seg_start:seg_end]
        for pattern, reason in (
            (_TAG, 'Ends with "{w}?": a tag question asks the buyer to confirm, not to explain.'),
            (_OR_NOT, 'Ends with "{w}?": the buyer can answer yes or no.'),
        ):
            match = pattern.search(segment_text)
            if match:
                start, end = seg_start + match.start("w"), seg_start + match.end("w")
                add(
                    CLOSED,
                    reason.format(w=match["w"]),
                    start,
                    end,
                    _remove_rewrite(seg_start + match.start("sep"), end, seg_start, None),
                )
                break
        else:
            breaks = list(_CLAUSE_BREAK.finditer(text, seg_start, core_end))
            lone_head = bool(breaks) and len(text[seg_start:breaks[0].start()].split()) <= 1  # "What, if anything, …"
            if breaks and not lone_head:
                clause_start = breaks[-1].end()
                if not _PARENTHETICAL.match(text, clause_start, core_end):
                    position = _START.match(text, clause_start, core_end).end()
                    match = _NEG_OPENER.match(text, position, core_end) or _OPENER.match(text, position, core_end)
                    if match:
                        aux = _NEG_FULL.get(match["aux"].lower(), match["aux"].lower())
                        add(
                            LEADING if "'" in match["w"] or "’" in match["w"] else CLOSED,
                            f'The last part starts with "{match["w"]}": the buyer can answer yes or no.',
                            match.start("w"),
                            match.end("w"),
                            _clause_rewrite(match.start("w"), aux, seg_start),
                        )
    for match in _LOADED_WORD.finditer(text, seg_start, core_end):
        int_start = match.start("int") if match["int"] else match.start("w")
        add(
            LEADING,
            f'"{match["w"]}" is a loaded word: it tells the buyer what you think.',
            match.start("w"),
            match.end("w"),
            _adjective_rewrite(match.end("w"), int_start, seg_start, match["w"]),
        )
    return hits


def _hits(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    first = True
    for sentence in _SENTENCE.finditer(text):
        if not sentence.group().strip():
            continue
        hits.extend(_segment_hits(text, sentence.start(), sentence.end(), first))
        first = False
    return hits


_FALLBACK = "How would you describe that, in your own words?"


def _open_form(segment: str, hit: _Hit) -> str:
    """The segment rewritten for ``hit``, then for whatever else it still holds (a few rounds at most)."""
    try:
        current = hit.rewrite(segment)
        for _ in range(4):
            remaining = _hits(current)
            if not remaining:
                return current
            nxt = remaining[0]
            piece = current[nxt.seg_start:nxt.seg_end]
            current = current[:nxt.seg_start] + nxt.rewrite(piece) + current[nxt.seg_end:]
        return current if not _hits(current) else _FALLBACK
    except (AttributeError, IndexError, TypeError):  # a rewrite met a shape it does not know
        return _FALLBACK


def check_question(text: str) -> list[QualityIssue]:
    """The closed and leading parts of ``text``, each with a reason and an open rewrite; empty when none."""
    if not text or not text.strip():
        return []
    issues = []
    for hit in sorted(_hits(text), key=lambda h: h.start):
        fixed = _open_form(text[hit.seg_start:hit.seg_end], hit)
        suggestion = _capitalize(_tidy(text[:hit.seg_start] + " " + fixed + " " + text[hit.seg_end:]))
        issues.append(QualityIssue(hit.kind, hit.reason, suggestion, hit.start, hit.end))
    return issues
