"""Which column of an export holds which field: the canonical fields, CRM header synonyms, detection, profiles.

:func:`detect` looks at a file's headers and picks the source (Salesforce,
HubSpot, Pipedrive, Maven-style analytics, or generic) and the kind of file
(deals, accounts or contacts) whose synonyms cover the most columns.
Headers are compared by :func:`normalise_header`, so ``Close Date``,
``close_date`` and ``CloseDate`` are the same column. A saved
:class:`~interviewer.models.MappingProfile` replaces detection when named,
and one saved under the source's name is used when its columns are all there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interviewer.models import MappingProfile

__all__ = [
    "FIELDS", "KINDS", "SOURCES", "Detection", "UnknownProfile", "default_profile_name", "detect", "field_label", "find_profile",
    "load_profile", "normalise_header", "profile_fits", "save_profile",
]  # fmt: skip

KINDS = ("deals", "accounts", "contacts")
SOURCES = ("salesforce", "hubspot", "pipedrive", "maven", "generic")

FIELDS: dict[str, dict[str, str]] = {
    "deals": {
        "external_id": "Deal id",
        "name": "Deal name",
        "account_name": "Account name",
        "account_external_id": "Account id",
        "stage": "Stage",
        "status": "Status",
        "is_closed": "Closed",
        "is_won": "Won",
        "amount": "Amount",
        "currency": "Currency",
        "close_date": "Close date",
        "won_time": "Won time",
        "lost_time": "Lost time",
        "owner": "Owner",
        "lead_source": "Lead source",
        "deal_type": "Deal type",
        "pipeline": "Pipeline",
        "loss_reason": "Loss reason",
        "won_reason": "Win reason",
        "competitor": "Competitor",
        "rep_note": "Rep note",
        "product": "Product",
        "segment": "Segment",
        "industry": "Industry",
        "region": "Region",
        "employees": "Employees",
        "contact_name": "Contact",
        "contact_email": "Contact email",
    },
    "accounts": {
        "external_id": "Account id",
        "name": "Account name",
        "industry": "Industry",
        "employees": "Employees",
        "region": "Region",
        "segment": "Segment",
        "parent": "Parent account",
    },
    "contacts": {
        "external_id": "Contact id",
        "account_external_id": "Account id",
        "account_name": "Account name",
        "first_name": "First name",
        "last_name": "Last name",
        "full_name": "Name",
        "title": "Title",
        "email": "Email",
        "phone": "Phone",
        "time_zone": "Time zone",
        "do_not_contact": "Do not contact",
    },
}
"""Kind → field → the label the window shows. The keys are the contract with the importer."""


def field_label(kind: str, name: str) -> str:
    """The human label of a field ("Close date"); the field name itself when unknown."""
    return FIELDS.get(kind, {}).get(name, name.replace("_", " ").capitalize())


# ------------------------------------------------------------------------- synonyms

_S = tuple[str, ...]

_SYNONYMS: dict[str, dict[str, dict[str, _S]]] = {
    "salesforce": {
        "deals": {
            "external_id": ("Id", "Opportunity ID", "Opportunity Id 18", "Opportunity 18 Digit ID"),
            "name": ("Name", "Opportunity Name"),
            "account_external_id": ("AccountId", "Account ID"),
            "account_name": ("Account Name", "Account.Name", "Account"),
            "stage": ("StageName", "Stage"),
            "is_closed": ("IsClosed", "Closed"),
            "is_won": ("IsWon", "Won"),
            "amount": ("Amount",),
            "currency": ("CurrencyIsoCode", "Opportunity Currency", "Amount Currency"),
            "close_date": ("CloseDate", "Close Date"),
            "owner": ("Opportunity Owner", "Owner Name", "Owner.Name", "OwnerId", "Owner ID"),
            "lead_source": ("LeadSource", "Lead Source"),
            "deal_type": ("Type", "Opportunity Type"),
            "loss_reason": ("Loss_Reason__c", "Closed_Lost_Reason__c", "Reason_Lost__c", "Lost_Reason__c"),
            "won_reason": ("Win_Reason__c", "Closed_Won_Reason__c", "Won_Reason__c"),
            "competitor": ("Competitor__c", "Primary_Competitor__c", "Main_Competitor__c", "MainCompetitors__c"),
            "rep_note": ("Rep_Note__c", "Loss_Reason_Detail__c", "Closed_Lost_Notes__c"),
            "product": ("Product__c", "Product Name", "Product2.Name"),
            "segment": ("Segment__c", "Account.Segment__c"),
            "industry": ("Account.Industry", "Industry"),
            "employees": ("Account.NumberOfEmployees", "Employees"),
            "region": ("Account.BillingCountry", "Billing Country"),
            "contact_name": ("Primary Contact", "Contact Name"),
            "contact_email": ("Primary Contact Email", "Contact Email"),
        },
        "accounts": {
            "external_id": ("Id", "Account ID"),
            "name": ("Name", "Account Name"),
            "industry": ("Industry",),
            "employees": ("NumberOfEmployees", "Employees"),
            "region": ("BillingCountry", "Billing Country", "BillingState", "Billing State/Province", "BillingCity",
                       "Billing City"),
            "segment": ("Segment__c", "Customer_Segment__c"),
            "parent": ("ParentId", "Parent Account", "Parent Account ID"),
        },
        "contacts": {
            "external_id": ("Id", "Contact ID"),
            "account_external_id": ("AccountId", "Account ID"),
            "account_name": ("Account Name", "Account.Name"),
            "first_name": ("FirstName", "First Name"),
            "last_name": ("LastName", "Last Name"),
            "full_name": ("Name", "Full Name", "Contact Name"),
            "title": ("Title",),
            "email": ("Email",),
            "phone": ("Phone", "MobilePhone", "Mobile"),
            "time_zone": ("Time_Zone__c", "TimeZone__c"),
            "do_not_contact": ("HasOptedOutOfEmail", "Email Opt Out", "DoNotCall", "Do Not Call"),
        },
    },
    "hubspot": {
        "deals": {
            "external_id": ("Record ID", "Deal ID", "hs_object_id"),
            "name": ("Deal Name", "dealname"),
            "stage": ("Deal Stage", "dealstage"),
            "close_date": ("Close Date", "closedate"),
            "amount": ("Amount", "Amount in company currency"),
            "currency": ("Currency", "Deal currency code", "deal_currency_code"),
            "pipeline": ("Pipeline",),
            "owner": ("Deal owner", "hubspot_owner_id"),
            "loss_reason": ("Closed lost reason", "closed_lost_reason"),
            "won_reason": ("Closed won reason", "closed_won_reason"),
            "account_name": ("Associated Company", "Associated Company (Primary)", "Company name"),
            "account_external_id": ("Associated Company IDs", "Associated Company ID", "Associated Company IDs (Primary)"),
            "contact_name": ("Associated Contact", "Associated Contacts"),
            "contact_email": ("Associated Contact Email",),
            "deal_type": ("Deal Type", "dealtype"),
            "lead_source": ("Original Source", "Original Source Type", "Lead source"),
            "competitor": ("Competitor", "Primary competitor"),
            "is_closed": ("Is Closed", "Is closed (numeric)", "hs_is_closed"),
            "is_won": ("Is closed won", "Is Closed Won", "hs_is_closed_won"),
        },
        "accounts": {
            "external_id": ("Record ID", "Company ID"),
            "name": ("Company name", "Name"),
            "industry": ("Industry",),
            "employees": ("Number of Employees", "numberofemployees"),
            "region": ("Country/Region", "Country", "State/Region", "City"),
            "segment": ("Segment", "Company size"),
            "parent": ("Parent Company",),
        },
        "contacts": {
            "external_id": ("Record ID", "Contact ID"),
            "first_name": ("First Name", "firstname"),
            "last_name": ("Last Name", "lastname"),
            "email": ("Email",),
            "title": ("Job Title", "jobtitle"),
            "phone": ("Phone Number", "Mobile Phone Number"),
            "account_name": ("Associated Company", "Company Name", "Associated Company (Primary)"),
            "account_external_id": ("Associated Company IDs", "Associated Company ID", "Associated Company IDs (Primary)"),
            "time_zone": ("Time Zone", "IP Timezone"),
            "do_not_contact": ("Unsubscribed from all email", "Do not contact"),
        },
    },
    "pipedrive": {
        "deals": {
            "external_id": ("Deal - ID",),
            "name": ("Deal - Title",),
            "amount": ("Deal - Value",),
            "currency": ("Deal - Currency",),
            "status": ("Deal - Status",),
            "stage": ("Deal - Stage",),
            "pipeline": ("Deal - Pipeline",),
            "loss_reason": ("Deal - Lost reason",),
            "won_time": ("Deal - Won time",),
            "lost_time": ("Deal - Lost time",),
            "close_date": ("Deal - Deal closed on", "Deal - Close date"),
            "account_name": ("Deal - Organization", "Deal - Organization name"),
            "account_external_id": ("Deal - Organization ID",),
            "contact_name": ("Deal - Contact person", "Deal - Contact person name"),
            "contact_email": ("Person - Email", "Deal - Contact person email"),
            "owner": ("Deal - Owner", "Deal - Owner name"),
            "lead_source": ("Deal - Source", "Deal - Source origin", "Deal - Lead source"),
            "competitor": ("Deal - Competitor",),
            "product": ("Deal - Product", "Deal - Products"),
            "deal_type": ("Deal - Type",),
        },
        "accounts": {
            "external_id": ("Organization - ID",),
            "name": ("Organization - Name",),
            "industry": ("Organization - Industry",),
            "employees": ("Organization - Number of employees", "Organization - Employees"),
            "region": ("Organization - Country", "Organization - Address country", "Organization - Address - Country",
                       "Organization - Region"),
            "segment": ("Organization - Segment",),
        },
        "contacts": {
            "external_id": ("Person - ID",),
            "full_name": ("Person - Name",),
            "first_name": ("Person - First name",),
            "last_name": ("Person - Last name",),
            "email": ("Person - Email", "Person - Email - Work"),
            "phone": ("Person - Phone", "Person - Phone - Work"),
            "title": ("Person - Job title", "Person - Title"),
            "account_name": ("Person - Organization",),
            "account_external_id": ("Person - Organization ID",),
        },
    },
    "maven": {
        "deals": {
            "external_id": ("opportunity_id",),
            "owner": ("sales_agent",),
            "product": ("product",),
            "account_name": ("account",),
            "stage": ("deal_stage",),
            "close_date": ("close_date",),
            "amount": ("close_value",),
        },
        "accounts": {
            "name": ("account",),
            "industry": ("sector",),
            "employees": ("employees",),
            "region": ("office_location",),
            "parent": ("subsidiary_of",),
        },
        "contacts": {},
    },
    "generic": {
        "deals": {
            "external_id": ("id", "deal id", "opportunity id", "external id", "record id", "crm id", "deal number"),
            "name": ("deal name", "deal", "opportunity", "opportunity name", "title", "name"),
            "account_name": ("account", "account name", "company", "company name", "customer", "client",
                             "organization", "organisation", "buyer"),
            "account_external_id": ("account id", "company id", "customer id"),
            "stage": ("stage", "deal stage", "sales stage", "stage name"),
            "status": ("outcome", "result", "status", "deal status", "win loss", "won lost"),
            "is_closed": ("is closed", "closed"),
            "is_won": ("is won", "won"),
            "amount": ("amount", "value", "deal value", "deal amount", "deal size", "contract value", "acv", "arr",
                       "total"),
            "currency": ("currency", "currency code"),
            "close_date": ("close date", "closed date", "date closed", "closed on", "close", "closing date",
                           "decision date", "date"),
            "won_time": ("won time", "won date", "won on", "date won"),
            "lost_time": ("lost time", "lost date", "lost on", "date lost"),
            "owner": ("owner", "deal owner", "rep", "sales rep", "account executive", "ae", "salesperson",
                      "sales person", "seller"),
            "lead_source": ("lead source", "source", "channel"),
            "deal_type": ("type", "deal type"),
            "pipeline": ("pipeline",),
            "loss_reason": ("loss reason", "lost reason", "reason lost", "reason for loss", "closed lost reason",
                            "primary reason", "reason", "reason code", "win loss reason"),
            "won_reason": ("win reason", "won reason", "reason won", "closed won reason"),
            "competitor": ("competitor", "competitors", "primary competitor", "main competitor", "competition",
                           "lost to"),
            "rep_note": ("rep note", "note", "notes", "comment", "comments", "rep comment", "what could marketing do"),
            "product": ("product", "product name", "products", "plan"),
            "segment": ("segment", "market segment", "customer segment"),
            "industry": ("industry", "sector", "vertical"),
            "region": ("region", "country", "territory", "geo", "location"),
            "employees": ("employees", "employee count", "number of employees", "headcount", "company size"),
            "contact_name": ("contact", "contact name", "primary contact", "buyer name"),
            "contact_email": ("contact email", "email", "primary contact email"),
        },
        "accounts": {
            "external_id": ("id", "account id", "company id", "organization id", "external id", "record id"),
            "name": ("account", "account name", "company", "company name", "name", "organization", "organisation",
                     "customer"),
            "industry": ("industry", "sector", "vertical"),
            "employees": ("employees", "employee count", "number of employees", "headcount", "company size"),
            "region": ("region", "country", "territory", "geo", "location", "state", "city"),
            "segment": ("segment", "market segment", "customer segment", "tier"),
            "parent": ("parent", "parent account", "parent company", "subsidiary of"),
        },
        "contacts": {
            "external_id": ("id", "contact id", "person id", "external id", "record id"),
            "account_external_id": ("account id", "company id", "organization id"),
            "account_name": ("account", "account name", "company", "company name", "organization", "organisation"),
            "first_name": ("first name", "firstname", "given name"),
            "last_name": ("last name", "lastname", "surname", "family name"),
            "full_name": ("name", "full name", "contact name", "contact", "person"),
            "title": ("title", "job title", "role", "position"),
            "email": ("email", "email address", "e mail", "work email"),
            "phone": ("phone", "phone number", "telephone", "mobile"),
            "time_zone": ("time zone", "timezone", "tz"),
            "do_not_contact": ("do not contact", "dnc", "opted out", "unsubscribed", "do not call"),
        },
    },
}
"""Source → kind → field → header spellings, the most specific first."""

_SIGNATURES: dict[str, tuple[str, ...]] = {
    "salesforce": (
        "IsDeleted", "CreatedById", "CreatedDate", "LastModifiedById", "LastModifiedDate", "SystemModstamp",
        "LastActivityDate", "LastViewedDate", "OwnerId", "MasterRecordId", "Probability", "ExpectedRevenue",
        "ForecastCategory", "ForecastCategoryName", "HasOpportunityLineItem", "Pricebook2Id", "FiscalQuarter",
        "FiscalYear", "NextStep", "AnnualRevenue", "BillingPostalCode", "BillingStreet", "BillingLatitude",
        "NumberOfEmployees", "MobilePhone", "AssistantPhone", "IsEmailBounced", "EmailBouncedReason",
        "EmailBouncedDate", "HasOptedOutOfEmail", "ReportsToId", "Jigsaw", "PhotoUrl", "Opportunity Owner",
        "Opportunity Currency", "Fiscal Period", "Stage Duration", "Account Owner", "Billing State/Province",
        "StageName", "IsWon", "IsClosed", "Opportunity ID", "Opportunity Name",
    ),
    "hubspot": (
        "Record ID", "Deal Stage", "Deal owner", "Create Date", "Last Activity Date", "Associated Company",
        "Associated Contact", "Closed lost reason", "Closed won reason", "Amount in company currency",
        "Associated Company IDs", "Company owner", "Contact owner", "Lifecycle Stage", "Lead Status",
        "Country/Region", "State/Region",
    ),
    "pipedrive": (),
    "maven": (
        "sales_agent", "deal_stage", "engage_date", "close_value", "year_established",
        "office_location", "subsidiary_of",
    ),
    "generic": (),
}  # fmt: skip
"""Headers that only one CRM's exports use, mapped to a field or not: they name the source."""
_API_NAME = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+(?:__c)?$")
"""CamelCase without spaces, at least two humps: how Salesforce names fields in API exports."""
_PIPEDRIVE_PREFIX = re.compile(r"^\s*(Deal|Organization|Person|Activity|Product|Lead)\s+-\s+\S", re.IGNORECASE)

_DISTINCTIVE: dict[str, frozenset[str]] = {
    "deals": frozenset({"stage", "status", "is_closed", "is_won", "amount", "close_date", "won_time", "lost_time",
                        "loss_reason", "won_reason", "competitor", "pipeline"}),
    "accounts": frozenset({"industry", "employees", "region", "parent"}),
    "contacts": frozenset({"first_name", "last_name", "email", "title", "phone", "do_not_contact", "time_zone"}),
}
"""Fields that say which kind of file this is; an id or a name says nothing."""

_KEY_FIELDS = ("external_id", "name", "full_name", "first_name", "last_name", "email")
_SUFFIX_C = re.compile(r"__c$", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(header: str) -> str:
    """A header reduced to lower-case letters and digits ("Close Date", "close_date", "CloseDate" → "closedate").

    A Salesforce custom-field suffix ``__c`` is dropped, so ``Loss_Reason__c`` matches ``Loss Reason``.
    """
    text = _SUFFIX_C.sub("", header.strip())
    return _NOT_ALNUM.sub("", text.casefold())


_NORMALISED: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    source: {
        kind: {name: tuple(dict.fromkeys(normalise_header(s) for s in spellings)) for name, spellings in fields.items()}
        for kind, fields in kinds.items()
    }
    for source, kinds in _SYNONYMS.items()
}


_GENERIC_KEYS = {kind: frozenset(s for v in fields.values() for s in v) for kind, fields in _NORMALISED["generic"].items()}
_SIGNATURE_KEYS = {source: frozenset(normalise_header(h) for h in headers) for source, headers in _SIGNATURES.items()}

# ------------------------------------------------------------------------ detection


@dataclass
class Detection:
    """What :func:`detect` made of a file's headers."""

    source: str
    kind: str
    mapping: dict[str, str]
    """Field → the header as the file spells it."""
    unmapped: list[str] = field(default_factory=list)
    """Headers no field uses, in file order."""
    confidence: float = 0.0
    """Share of the file's headers recognised (0–1), lower when no source-specific header was seen."""


def _match(headers: Sequence[str], synonyms: Mapping[str, tuple[str, ...]], taken: set[int]) -> dict[str, int]:
    """Field → column index, each column used once, fields in the order the synonyms list them."""
    positions: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if key and key not in positions:
            positions[key] = index
    found: dict[str, int] = {}
    for name, spellings in synonyms.items():
        for spelling in spellings:
            index = positions.get(spelling)
            if index is not None and index not in taken:
                found[name] = index
                taken.add(index)
                break
    return found


def _candidate(headers: Sequence[str], source: str, kind: str) -> tuple[dict[str, int], int]:
    """The mapping a source's synonyms (then the generic ones) give, and how many headers belong to the source.

    A header belongs to the source when the source's synonyms map it and the
    generic ones would not, or when it is one of the source's signature headers.
    """
    taken: set[int] = set()
    specific = _match(headers, _NORMALISED[source].get(kind, {}), taken) if source != "generic" else {}
    found = dict(specific)
    for name, index in _match(headers, _NORMALISED["generic"][kind], taken).items():
        found.setdefault(name, index)
    if source == "generic":
        return found, 0
    generic_keys = _GENERIC_KEYS[kind]
    own = {index for index in specific.values() if normalise_header(headers[index]) not in generic_keys}
    if source == "salesforce":  # API names ("AccountId", "NumberOfEmployees") are Salesforce's own spelling
        own.update(index for index in specific.values() if _API_NAME.match(headers[index].strip()))
    signatures = _SIGNATURE_KEYS[source]
    for index, header in enumerate(headers):
        if normalise_header(header) in signatures or (source == "pipedrive" and _PIPEDRIVE_PREFIX.match(header)):
            own.add(index)
    return found, len(own)


def detect(headers: Sequence[str]) -> Detection:
    """The source, kind and column mapping that cover the file's headers best.

    A kind wins on the fields that characterise it (stage and amount for
    deals, industry for accounts, names and email for contacts); a source
    wins on headers only its exports use (``StageName``, ``Deal - Value``,
    ``deal_stage``…), else the file is "generic". A file that maps neither an
    id nor a name is read as deals with whatever maps.
    """
    best: tuple[tuple[float, ...], str, str, dict[str, int]] | None = None
    for kind_rank, kind in enumerate(KINDS):
        for source_rank, source in enumerate(SOURCES):
            found, own = _candidate(headers, source, kind)
            if not any(name in found for name in _KEY_FIELDS) and kind != "deals":
                continue
            distinctive = sum(1 for name in found if name in _DISTINCTIVE[kind])
            score = (float(distinctive), float(own), float(len(found)), -kind_rank, -source_rank)
            if best is None or score > best[0]:
                best = (score, source, kind, found)
    assert best is not None  # deals always qualify
    score, source, kind, found = best
    if score[1] == 0:
        source = "generic"
        found, _ = _candidate(headers, "generic", kind)
    mapping = {name: headers[index] for name, index in sorted(found.items(), key=lambda item: item[1])}
    used = set(found.values())
    unmapped = [header for index, header in enumerate(headers) if index not in used and header]
    named = [header for header in headers if header]
    confidence = len(used) / len(named) if named else 0.0
    if source == "generic":
        confidence *= 0.8
    if not any(name in found for name in _KEY_FIELDS):
        confidence *= 0.5
    return Detection(source, kind, mapping, unmapped, round(confidence, 3))


# ------------------------------------------------------------------------- profiles


class UnknownProfile(LookupError):
    """No mapping profile has the name asked for; ``str()`` is a sentence for the user."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown mapping profile"


def save_profile(
    session: Session,
    name: str,
    source: str,
    kind: str,
    mapping: Mapping[str, str],
    date_formats: Mapping[str, Any],
) -> MappingProfile:
    """Create or replace the profile ``name`` (flushed, not committed)."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not one of {', '.join(KINDS)}")
    unknown = sorted(set(mapping) - set(FIELDS[kind]))
    if unknown:
        raise ValueError(f"{', '.join(unknown)} {'is not a field' if len(unknown) == 1 else 'are not fields'} of {kind}")
    stored = {
        "kind": kind,
        "fields": {str(k): str(v) for k, v in mapping.items()},
        "date_formats": {str(h): _format_value(f) for h, f in date_formats.items()},
    }
    profile = session.scalar(select(MappingProfile).where(MappingProfile.name == name))
    if profile is None:
        profile = MappingProfile(name=name, source_system=source, mapping=stored)
        session.add(profile)
    else:
        profile.source_system = source
        profile.mapping = stored
    session.flush()
    return profile


def load_profile(session: Session, name: str) -> dict[str, Any]:
    """The profile ``name`` as ``{"name", "source", "kind", "fields", "date_formats"}``; raises UnknownProfile."""
    profile = session.scalar(select(MappingProfile).where(MappingProfile.name == name))
    if profile is None:
        raise UnknownProfile(f"There is no mapping profile named '{name}'.")
    return _as_dict(profile)


def default_profile_name(source: str, kind: str) -> str:
    """The name a profile is saved under to be used automatically for this source's files of this kind."""
    return f"{source} {kind}"


def find_profile(session: Session, source: str, kind: str, headers: Sequence[str]) -> dict[str, Any] | None:
    """The source's default profile for this kind of file, if its columns are all there."""
    profile = session.scalar(select(MappingProfile).where(MappingProfile.name == default_profile_name(source, kind)))
    if profile is None:
        return None
    loaded = _as_dict(profile)
    return loaded if loaded["kind"] == kind and profile_fits(loaded, headers) else None


def profile_fits(profile: Mapping[str, Any], headers: Sequence[str]) -> bool:
    """Whether every column the profile maps is among ``headers``."""
    present = set(headers)
    columns = list(profile.get("fields", {}).values())
    return bool(columns) and all(column in present for column in columns)


def _as_dict(profile: MappingProfile) -> dict[str, Any]:
    stored = profile.mapping or {}
    return {
        "name": profile.name,
        "source": profile.source_system,
        "kind": stored.get("kind", "deals"),
        "fields": dict(stored.get("fields", {})),
        "date_formats": dict(stored.get("date_formats", {})),
    }


def _format_value(fmt: Any) -> str | None:
    return None if fmt is None else str(getattr(fmt, "value", fmt))
