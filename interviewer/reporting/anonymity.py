"""Keeping buyers, their companies and reps anonymous in what stakeholders read.

One anonymiser, ``Identities``, built once per program from what it knows: every contact (full, first and
last name, email, phone), every account (its name, the name without legal suffixes such as Inc., GmbH or
S.A. de C.V., and each run of its words that holds a distinctive one) and every rep (full name, surname).
Every report, export and delivery e-mail hides text with it, and ``leaks`` finds what it would still hide in
finished text, so the leak check and the hiding can never disagree.

Matching works on words, so punctuation cannot defeat it ("Corp." before a full stop, "Bakshi's", "Hoffmann,"),
ignores case and accents (Müller, MULLER and Muller are one name), and reads email addresses, web addresses and
phone numbers whole (an email address or phone number nobody in the program owns is hidden too). What it will not do is hide an ordinary word: a name made only of common words ("Will",
"Mark", "The Group", "Apple") counts only when written with its capitals and not as a sentence's first word,
where a capital says nothing; "The", "Group" or "Partners" alone are never a company's name; and a first
name alone counts only for the people the text is about (the buyer, their colleagues, the rep). Each
replacement says what it hides: "[the buyer]", "[the buyer's company]", "[the rep]".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.models import Account, Contact, Deal

THE_BUYER = "[the buyer]"
THE_COMPANY = "[the buyer's company]"
THE_REP = "[the rep]"
COLLEAGUE = "[a colleague of the buyer]"
A_BUYER = "[a buyer]"
A_COMPANY = "[a buyer's company]"
A_REP = "[a rep]"
SOMEONE_THERE = "[someone at a buyer's company]"
AN_EMAIL = "[an email address]"
A_PHONE = "[a phone number]"
LABELS = (THE_BUYER, THE_COMPANY, THE_REP, COLLEAGUE, A_BUYER, A_COMPANY, A_REP, SOMEONE_THERE, AN_EMAIL, A_PHONE)
"""Every replacement: what a reader sees where text was hidden."""

LEGAL_SUFFIXES = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "llp", "lp", "plc",
    "gmbh", "ag", "kg", "kgaa", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as", "asa", "oy",
    "oyj", "pty", "pte", "kk", "sl", "sau", "de", "cv", "rl", "ulc", "pc", "pllc", "lda", "ltda", "sro", "&",
})
"""The words of legal forms, folded: "S.A. de C.V." reads as "sa de cv"."""
COMPANY_WORDS = frozenset("""
    the a an of and for at in on by to group systems system partners partner solutions solution technologies
    technology tech holdings holding international global services service networks network data digital
    software labs lab industries industry enterprises enterprise consulting capital financial finance bank
    wealth health healthcare medical diagnostics logistics analytics media energy foods food retail
    manufacturing motors automotive pharma pharmacy biosciences therapeutics research resources products
    brands ventures investments insurance management marketing communications telecom electric electronics
    engineering construction properties realty trust associates america americas united national general
    first new american european pacific atlantic worldwide cloud security supply trade trading transport
    freight shipping studio studios works design foundation institute university college academy schools
    school hospital clinic clinics care home goods city county district council authority board port
    department public regional community transit water library unified borough credit union lending
    assurance payments advisors apps interactive fabrication components tooling plastics metalworks
    machinery packaging outfitters provisions market apparel living learning dental central metro direct
    online one pro plus prime smart advanced applied integrated strategic north south east west upper lower
    harbor harbour beacon pinnacle crescent evergreen horizon horizons atlas nova vertex quantum keystone
    cornerstone frontier pioneer liberty heritage legacy alliance premier elite vista zenith meridian compass
    anchor bridge gateway insight insights vision nexus core flow shield spark signal bay coast coastal valley
    ridge summit point landing crossing grove meadow harvest orchard maple oak cedar pine willow birch elm
    eagle falcon lion bear tiger fusion matrix vector logic pulse wave edge arc axis circle sphere bold clear
    true fair fresh pure total unity civic standard modern classic future next key blueprint catalyst element
    origin source spectrum beyond access velocity momentum navigator venture quest journey
    sample account accounts control controls express grand hotel hotels resort resorts oil gas industrial
    banking farmers coop textiles
""".split())
"""Words that name no company alone, however many companies carry them."""
COMMON_WORDS = frozenset("""
    will mark bill rose grace hope joy faith may june april august jack frank earl dean drew guy rob pat sue
    art chase chip chuck cliff dawn eve gene ivy jay jean lily max miles nick olive pearl penny ray rich sandy
    summer sunny wade wren violet ruby amber autumn crystal holly ginger heather iris melody robin sky river
    stone storm hunter mason bishop baker bell black brown bush butler carpenter cook cross day fisher
    fox gardner glass gold good green hall hill house hunt king knight lake lamb lane long love marsh miller
    moon newman park parker person pool power price read reed rice sharp short small snow spring strong swift
    taylor turner walker wall ward waters wells white wise wood woods banks bond brook brooks castle
    church crane dale field fields forest frost gates hart hawk judge keen lord mills page pike pope porter
    quick rivers sage salt sands savage steel street temple thorn tower vale victor wolf worth apple orange
    amazon target shell sun oracle square block visa delta apex summit peak bright true open blue red silver
    best better big little old young great high low last next well sterling noble royal star
    i me my we us our you your he him his she her it its they them their this that these those who what
    which when where why how all any each every no not nor or but if so as is are was were be been being
    do does did have has had can could should would shall must might said says say told tell asked ask
    after before about above across against along among around behind below beneath beside between down
    during except from inside into like near off out outside over past since through under until up upon
    with within without again also only then there here now soon later still just very more most less least
    much many some such than too both either neither other another same own minus per via new
""".split())
"""Ordinary English words that are also names: as a name, they count only with their capitals."""
FREE_MAIL = frozenset({"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
                       "icloud.com", "me.com", "proton.me", "protonmail.com", "aol.com", "gmx.de", "gmx.net",
                       "web.de", "mail.com", "yandex.ru"})
"""Mail services anyone uses: their domain names nobody's company."""
_CONNECTORS = frozenset({"&", "of", "de", "la", "le", "der", "van", "von", "y", "e", "du", "di", "da", "and"})
_ORDINARY = LEGAL_SUFFIXES | COMPANY_WORDS | COMMON_WORDS | _CONNECTORS

_WEB_ENDINGS = ("com|net|org|io|co|biz|info|ai|app|dev|us|uk|de|fr|es|it|nl|ch|at|be|mx|br|ca|au|jp|in|eu|se|no"
                "|dk|fi|pl|pt|ie|nz|sg|hk|cn|kr|za|ar|cl|cz|tech|cloud|health|global")
_CONTACT_DETAILS = re.compile(
    r"(?P<email>[\w.+'\-]+@[\w\-]+(?:\.[\w\-]+)+)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>\"'()\[\]]+?(?=[.,;:!?)\]]*(?:\s|$))"
    rf"|(?<![\w@.\-])(?:[\w\-]+\.)+(?:{_WEB_ENDINGS})(?:/[^\s<>\"']*?)?(?=[.,;:!?)\]]*(?:\s|$)))"
    r"|(?P<phone>(?<![\w+])\+?\(?\d[\d \t().\-/]{5,}\d(?!\w))"
)
"""Email addresses, web addresses and phone numbers, read whole (on folded text)."""
_PHONE_SHAPE = re.compile(r"\+\d|\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}")
"""A number written as a phone number: international, or (555) 555-0100."""
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|&|\+")
_JOINS = re.compile(r"[\s.,\-/]{0,4}")
_WORD = re.compile(r"[^\W_]+")
_Token = tuple[int, int, str]
"""A word of folded text: where it starts, where it ends, and the word as matching reads it."""
_FOLDS = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i",
          "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"}
"""Letters Unicode does not decompose, and apostrophes, as matching reads them."""


@dataclass(frozen=True)
class Context:
    """Whom a text is about: one interview's buyer, their account and the deal's rep."""

    contact_id: int | None = None
    account_id: int | None = None
    rep: str | None = None

    @classmethod
    def of(cls, deal: Deal, contact: Contact | None) -> Context:
        """The context of an interview about ``deal`` with ``contact``."""
        return cls(contact.id if contact is not None else None, deal.account_id, deal.owner_rep)


class _Person(Protocol):
    id: int
    account_id: int | None
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None


class _Company(Protocol):
    id: int
    name: str


@dataclass(frozen=True)
class _Owner:
    kind: str
    """``buyer`` (a contact), ``company`` (an account), ``staff`` (someone at an account's domain) or ``rep``."""
    key: int | str | None
    account_id: int | None = None


@dataclass(frozen=True)
class _Term:
    owner: _Owner
    personal: bool = False
    """A first name alone: it counts only for the people a text is about."""


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    owner: _Owner | None
    """None for a detail hidden but nobody's known identity (a private email address, a phone number)."""
    label: str | None = None
    full_stop: bool = False
    """The hidden name's final "." also ended the sentence: it stays after the replacement."""


@dataclass
class Identities:
    """Every identifying string of a program, and how to hide or find them in any text."""

    terms: dict[str, dict[_Term, None]] = field(default_factory=dict)
    """Each name as matching reads it, and whose it is (an insertion-ordered set: a first name has thousands)."""
    emails: dict[str, _Owner] = field(default_factory=dict)
    phones: dict[str, _Owner] = field(default_factory=dict)
    domains: dict[str, _Owner] = field(default_factory=dict)
    longest: int = 1

    @classmethod
    def build(cls, contacts: Iterable[_Person], accounts: Iterable[_Company], reps: Iterable[str]) -> Identities:
        """The identities of these contacts, accounts and reps."""
        found = cls()
        for account in accounts:
            found._add_company(account.name, account.id)
        for contact in contacts:
            found._add_person(contact)
        for rep in reps:
            found._add_rep(rep)
        return found

    def hide(self, text: str, context: Context | None = None, *, among: Sequence[Context] = (),
             reps_only: bool = False) -> str:
        """``text`` with every identity replaced by what it hides, told relative to ``context``; first names
        alone count for the people of ``context`` and of ``among`` (the other interviews of one document)."""
        if not text:
            return text
        hits = self._hits(text, [*([context] if context else []), *among])
        if reps_only:
            hits = [hit for hit in hits if hit.owner is not None and hit.owner.kind == "rep"]
        out, at = [], 0
        for hit in hits:
            out += [text[at:hit.start], hit.label or _label(hit.owner, context), "." if hit.full_stop else ""]
            at = hit.end
        return "".join(out) + text[at:] if hits else text

    def hider(self, context: Context | None = None, *, among: Sequence[Context] = (),
              reps_only: bool = False) -> Callable[[str], str]:
        """``hide`` for one context, as a function of the text alone."""
        return lambda text: self.hide(text, context, among=among, reps_only=reps_only)

    def leaks(self, text: str, contexts: Sequence[Context] = ()) -> list[str]:
        """The identities still written in ``text`` (finished output; first names of ``contexts``' people)."""
        for label in LABELS:
            text = text.replace(label, " ")
        return list(dict.fromkeys(" ".join(text[h.start:h.end].split()) for h in self._hits(text, contexts)
                                  if h.owner is not None))

    # -- what the program knows ------------------------------------------------------------------

    def _add(self, words: Sequence[str], term: _Term) -> None:
        if not words:
            return
        key = " ".join(words)
        self.terms.setdefault(key, {})[term] = None
        self.longest = max(self.longest, len(words))

    def _add_company(self, name: str | None, account_id: int) -> None:
        words = _words(name or "")
        owner = _Owner("company", account_id, account_id)
        core = list(words)
        while core and core[-1] in LEGAL_SUFFIXES:
            core.pop()
        core = core or list(words)
        distinctive = [not _ordinary(word) for word in core]
        self._add(words, _Term(owner))
        self._add(core, _Term(owner))
        if any(distinctive):  # every run of its words holding a distinctive one: "Quinlan Wealth", "Hoffmann"
            for start in range(len(core)):
                for end in range(start + 1, len(core) + 1):
                    if any(distinctive[start:end]) and "&" not in (core[start], core[end - 1]):
                        self._add(core[start:end], _Term(owner))

    def _add_person(self, contact: _Person) -> None:
        owner = _Owner("buyer", contact.id, contact.account_id)
        first, last = _words(contact.first_name or ""), _words(contact.last_name or "")
        self._add(first + last, _Term(owner))
        self._add(last, _Term(owner))
        self._add(first, _Term(owner, personal=bool(last)))
        email = "".join((contact.email or "").split()).lower()
        if "@" in email:
            self.emails[email] = owner
            domain = email.rpartition("@")[2]
            if domain not in FREE_MAIL and contact.account_id is not None:
                self.domains.setdefault(domain, _Owner("company", contact.account_id, contact.account_id))
        digits = re.sub(r"\D", "", contact.phone or "")
        if len(digits) >= 7:
            self.phones[digits[-9:]] = owner

    def _add_rep(self, rep: str) -> None:
        words = _words(rep)
        owner = _Owner("rep", _rep_key(rep))
        self._add(words, _Term(owner))
        if len(words) > 1:
            self._add(words[-1:], _Term(owner))
            self._add(words[:1], _Term(owner, personal=True))

    # -- finding them ----------------------------------------------------------------------------

    def _hits(self, text: str, contexts: Sequence[Context]) -> list[_Hit]:
        folded, origin = _fold(text)

        def back(position: int) -> int:
            if origin is None:
                return position
            return origin[position] if position < len(origin) else len(text)

        hits: list[_Hit] = []
        taken: list[tuple[int, int]] = []
        for match in _CONTACT_DETAILS.finditer(folded):
            taken.append(match.span())
            owner, label = self._detail(match, contexts)
            if owner is not None or label is not None:
                hits.append(_Hit(back(match.start()), back(match.end()), owner, label))
        tokens = _tokens(folded, taken)
        index = 0
        while index < len(tokens):
            hit, used = self._name_at(tokens, index, folded, text, back, contexts)
            if hit is not None:
                hits.append(hit)
            index += used
        return sorted(hits, key=lambda hit: hit.start)

    def _name_at(self, tokens: list[_Token], index: int, folded: str, text: str, back: Callable[[int], int],
                 contexts: Sequence[Context]) -> tuple[_Hit | None, int]:
        """The longest name starting at token ``index`` (and how many tokens it covers), or (None, 1)."""
        reach = 1
        while (reach < self.longest and index + reach < len(tokens)
               and _JOINS.fullmatch(folded, tokens[index + reach - 1][1], tokens[index + reach][0])):
            reach += 1
        for size in range(reach, 0, -1):
            words = [word for _, _, word in tokens[index:index + size]]
            terms = self.terms.get(" ".join(words))
            if not terms:
                continue
            start, end = back(tokens[index][0]), back(tokens[index + size - 1][1])
            if all(_ordinary(word) for word in words) and not _written_as_name(text, start, end):
                continue
            owners = [t.owner for t in terms if not t.personal or any(_about(t.owner, c) for c in contexts)]
            if not owners:
                continue
            owner = min(owners, key=lambda o: _rank(o, contexts[0] if contexts else None))
            size, end, full_stop = _with_legal_form(tokens, index, size, folded, text, back, owner)
            return _Hit(start, end, owner, full_stop=full_stop), size
        return None, 1

    def _detail(self, match: re.Match[str], contexts: Sequence[Context]) -> tuple[_Owner | None, str | None]:
        """Who an email address, web address or phone number belongs to, or the label hiding an unknown one."""
        found = match.group()
        if match.group("email"):
            owner = self.emails.get(found) or self._at_domain(found.rpartition("@")[2], staff=True)
            if owner is None:
                owner = self._named_in(found, contexts)
            return owner, (AN_EMAIL if owner is None else None)
        if match.group("url"):
            host = re.sub(r"^(?:https?://)?(?:www\.)?", "", found).split("/")[0].split(":")[0]
            return self._at_domain(host, staff=False) or self._named_in(host, contexts), None
        digits = re.sub(r"\D", "", found)
        if not 7 <= len(digits) <= 15:
            return None, None
        owner = self.phones.get(digits[-9:])
        return owner, (A_PHONE if owner is None and _PHONE_SHAPE.match(found) else None)

    def _at_domain(self, host: str, *, staff: bool) -> _Owner | None:
        parts = host.split(".")
        for start in range(len(parts) - 1):
            owner = self.domains.get(".".join(parts[start:]))
            if owner is not None:
                return _Owner("staff", None, owner.account_id) if staff else owner
        return None

    def _named_in(self, detail: str, contexts: Sequence[Context]) -> _Owner | None:
        """An identity spelled inside an address ("sakura.bakshi@", "halvorsen-quinlan.com")."""
        words = [w for w in re.split(r"[^a-z0-9']+", detail) if w]
        for size in (2, 1):
            for start in range(len(words) - size + 1):
                chunk = words[start:start + size]
                if size == 1 and _ordinary(chunk[0]):
                    continue
                terms = self.terms.get(" ".join(chunk), {})
                owners = [t.owner for t in terms if not t.personal or any(_about(t.owner, c) for c in contexts)]
                if owners:
                    return min(owners, key=lambda o: _rank(o, contexts[0] if contexts else None))
        return None


def _with_legal_form(tokens: list[_Token], index: int, size: int, folded: str, text: str,
                     back: Callable[[int], int], owner: _Owner) -> tuple[int, int, bool]:
    """A company's name stretched over the legal form after it, with its final "." (kept when it ends a sentence).

    A legal form written in lower case is an ordinary word ("Quinlan as our partner", "co-founded"), but for the
    "de" of "S.A. de C.V."."""

    def legal_form(token: _Token) -> bool:
        start, end, word = token
        return word in LEGAL_SUFFIXES and (word == "de" or not text[back(start):back(end)].islower())

    if owner.kind == "company":
        while (index + size < len(tokens) and legal_form(tokens[index + size])
               and _JOINS.fullmatch(folded, tokens[index + size - 1][1], tokens[index + size][0])):
            size += 1
        while size > 1 and tokens[index + size - 1][2] in ("&", "de"):
            size -= 1
    last_end, last = tokens[index + size - 1][1], tokens[index + size - 1][2]
    end = back(last_end)
    if folded[last_end:last_end + 1] == "." and (last in LEGAL_SUFFIXES or len(last) <= 2):
        after = text[end + 1:].lstrip(" \t")
        return size, end + 1, not after or after[0] == "\n" or after[0].isupper()
    return size, end, False


def _label(owner: _Owner | None, context: Context | None) -> str:
    """What a hidden identity is told as, seen from the text's ``context`` ("the" buyer, or "a" buyer)."""
    if owner is None:
        return A_PHONE
    about = context or Context()
    ours_account = owner.account_id is not None and owner.account_id == about.account_id
    if owner.kind == "buyer":
        if about.contact_id is not None and owner.key == about.contact_id:
            return THE_BUYER
        return COLLEAGUE if ours_account else A_BUYER
    if owner.kind == "company":
        return THE_COMPANY if about.account_id is not None and owner.key == about.account_id else A_COMPANY
    if owner.kind == "staff":
        return COLLEAGUE if ours_account else SOMEONE_THERE
    return THE_REP if about.rep and owner.key == _rep_key(about.rep) else A_REP


def _rank(owner: _Owner, context: Context | None) -> int:
    """Which owner a shared name is told as: the text's own people first."""
    label = _label(owner, context)
    order = (THE_BUYER, THE_COMPANY, THE_REP, COLLEAGUE, A_REP, A_BUYER, A_COMPANY, SOMEONE_THERE)
    return order.index(label) if label in order else len(order)


def _about(owner: _Owner, context: Context) -> bool:
    """Whether ``owner`` is one of the people a text about ``context`` is about."""
    if owner.kind == "rep":
        return context.rep is not None and owner.key == _rep_key(context.rep)
    if owner.kind == "buyer" and owner.key is not None and owner.key == context.contact_id:
        return True
    return owner.account_id is not None and owner.account_id == context.account_id


def _rep_key(rep: str) -> str:
    return " ".join(_words(rep))


def _ordinary(word: str) -> bool:
    return word in _ORDINARY or len(word) <= 2 or word.isdigit()


def _written_as_name(text: str, start: int, end: int) -> bool:
    """Words that are also ordinary words name someone only with their capitals, and not first in a sentence."""
    words = [w for w in _WORD.findall(text[start:end]) if w.lower() not in _CONNECTORS and not w.isdigit()]
    if not words or not all(w[0].isupper() for w in words):
        return False
    at = start
    while at > 0 and (text[at - 1].isspace() or text[at - 1] in "\"'“‘«([*•–—-"):
        if text[at - 1] == "\n":
            return False
        at -= 1
    return at > 0 and text[at - 1] not in ".!?"


@lru_cache(maxsize=1 << 16)
def _words(name: str) -> tuple[str, ...]:
    """A name as the folded words matching reads: "Halvorsen & Quinlan Inc." → halvorsen & quinlan inc.

    Cached: a program's contacts share first names, surnames and company words by the thousand."""
    return tuple(word for _, _, word in _tokens(_fold(name)[0], []))


def _tokens(folded: str, skip: Sequence[tuple[int, int]]) -> list[_Token]:
    """The words of folded text as (start, end, word): "and" and "+" read as "&", a possessive 's dropped,
    initials run together ("s.a." → "sa"); none inside the spans ``skip``."""
    found: list[_Token] = []
    for match in _TOKEN.finditer(folded):
        start, end = match.span()
        if any(a <= start < b for a, b in skip):
            continue
        word = match.group()
        if word.endswith("'s") and len(word) > 2:
            word, end = word[:-2], end - 2
        word = "&" if word in ("and", "+") else word
        if found and len(word) == 1 and word.isalpha():
            previous = found[-1]
            if previous[2].isalpha() and len(previous[2]) <= 3 and folded[previous[1]:start] == "." and (
                    len(previous[2]) == 1 or folded[previous[0] - 1:previous[0]] == "."):
                found[-1] = (previous[0], end, previous[2] + word)
                continue
        found.append((start, end, word))
    return found


def _fold(text: str) -> tuple[str, list[int] | None]:
    """``text`` lower-cased without accents, and where each of its characters came from (None: in place)."""
    if text.isascii():
        return text.lower(), None
    parts: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        folded = char.lower() if char.isascii() else _fold_char(char)
        parts.append(folded)
        origin.extend([position] * len(folded))
    return "".join(parts), origin


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    out = []
    for piece in _FOLDS.get(char, char).casefold():
        piece = _FOLDS.get(piece, piece)
        out.append("".join(c for c in unicodedata.normalize("NFKD", piece) if not unicodedata.combining(c)))
    return "".join(out)


def program_identities(session: Session) -> Identities:
    """The identities of the whole program: every contact, every account and every deal's rep."""
    contacts = session.execute(select(Contact.id, Contact.account_id, Contact.first_name, Contact.last_name,
                                      Contact.email, Contact.phone)).all()
    accounts = session.execute(select(Account.id, Account.name)).all()
    reps = session.scalars(select(Deal.owner_rep).where(Deal.owner_rep.is_not(None)).distinct())
    return Identities.build(contacts, accounts, (rep for rep in reps if rep))


def describe_buyer(contact: Contact | None, account: Account | None) -> str:
    """The buyer by role, segment and industry: "VP Operations at a Mid-Market company in Logistics"."""
    role = (contact.title or "").strip() if contact is not None else ""
    segment = (account.segment or "").strip() if account is not None else ""
    industry = (account.industry or "").strip() if account is not None else ""
    company = f"{_article(segment)} {segment} company" if segment else "a company"
    where = f" in {industry}" if industry else ""
    return f"{role or 'A buyer'} at {company}{where}"


def _article(word: str) -> str:
    """'an' before a vowel sound: words starting with a vowel, and initialisms read "ess-em-bee" (an SMB)."""
    if word.isupper() and len(word) <= 5:
        return "an" if word[:1] in "AEFHILMNORSX" else "a"
    return "an" if word[:1].lower() in "aeiou" else "a"
