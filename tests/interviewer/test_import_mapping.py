"""Recognising the columns of CRM exports: normalised headers, source and kind detection, saved profiles."""

from __future__ import annotations

import pytest

from interviewer.importing.mapping import (
    FIELDS,
    UnknownProfile,
    detect,
    default_profile_name,
    find_profile,
    load_profile,
    normalise_header,
    profile_fits,
    save_profile,
)
from interviewer.importing.values import DateFormat

SALESFORCE_OPPORTUNITY = [
    "Id", "AccountId", "Name", "Description", "StageName", "Amount", "Probability", "ExpectedRevenue", "CloseDate",
    "NextStep", "LeadSource", "IsClosed", "IsWon", "CreatedDate", "LastModifiedDate", "LastActivityDate",
]  # fmt: skip
SALESFORCE_REPORT = [
    "Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Fiscal Period", "Amount", "Opportunity Currency",
    "Probability (%)", "Close Date", "Created Date", "Lead Source", "Type", "Closed", "Won", "Opportunity ID",
    "Loss Reason", "Competitor",
]  # fmt: skip
SALESFORCE_ACCOUNT = [
    "Id", "IsDeleted", "Name", "Type", "ParentId", "BillingCity", "BillingState", "BillingPostalCode", "Industry",
    "AnnualRevenue", "NumberOfEmployees", "Ownership", "Rating",
]  # fmt: skip
SALESFORCE_CONTACT = [
    "Id", "IsDeleted", "AccountId", "LastName", "FirstName", "Phone", "MobilePhone", "Email", "Title", "Department",
    "LeadSource", "IsEmailBounced", "Name",
]  # fmt: skip
HUBSPOT_DEALS = [
    "Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount", "Pipeline", "Deal owner", "Closed lost reason",
    "Closed won reason", "Associated Company", "Associated Contact", "Create Date",
]  # fmt: skip
PIPEDRIVE_DEALS = [
    "Deal - ID", "Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Status", "Deal - Lost reason",
    "Deal - Won time", "Deal - Lost time", "Deal - Organization", "Deal - Contact person", "Deal - Owner",
]  # fmt: skip
MAVEN_PIPELINE = ["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date",
                  "close_value"]  # fmt: skip
MAVEN_ACCOUNTS = ["account", "sector", "year_established", "revenue", "employees", "office_location", "subsidiary_of"]


def test_headers_match_whatever_their_case_and_punctuation() -> None:
    assert normalise_header("Close Date") == normalise_header("close_date") == normalise_header("CloseDate")
    assert normalise_header(" Deal - ID ") == normalise_header("deal id")
    assert normalise_header("Loss_Reason__c") == normalise_header("Loss Reason")


def test_every_field_has_a_human_label() -> None:
    assert set(FIELDS) == {"deals", "accounts", "contacts"}
    assert FIELDS["deals"]["close_date"] == "Close date"
    for fields in FIELDS.values():
        assert all(label and label[0].isupper() for label in fields.values())


@pytest.mark.parametrize(
    ("headers", "source", "kind", "expected"),
    [
        (SALESFORCE_OPPORTUNITY, "salesforce", "deals",
         {"external_id": "Id", "account_external_id": "AccountId", "name": "Name", "stage": "StageName",
          "amount": "Amount", "close_date": "CloseDate", "is_closed": "IsClosed", "is_won": "IsWon",
          "lead_source": "LeadSource"}),
        (SALESFORCE_REPORT, "salesforce", "deals",
         {"external_id": "Opportunity ID", "name": "Opportunity Name", "account_name": "Account Name",
          "stage": "Stage", "is_closed": "Closed", "is_won": "Won", "owner": "Opportunity Owner",
          "currency": "Opportunity Currency", "close_date": "Close Date", "loss_reason": "Loss Reason",
          "competitor": "Competitor", "deal_type": "Type", "amount": "Amount", "lead_source": "Lead Source"}),
        (SALESFORCE_ACCOUNT, "salesforce", "accounts",
         {"external_id": "Id", "name": "Name", "industry": "Industry", "employees": "NumberOfEmployees",
          "region": "BillingState", "parent": "ParentId"}),
        (SALESFORCE_CONTACT, "salesforce", "contacts",
         {"external_id": "Id", "account_external_id": "AccountId", "first_name": "FirstName",
          "last_name": "LastName", "email": "Email", "title": "Title", "phone": "Phone", "full_name": "Name"}),
        (HUBSPOT_DEALS, "hubspot", "deals",
         {"external_id": "Record ID", "name": "Deal Name", "stage": "Deal Stage", "close_date": "Close Date",
          "amount": "Amount", "pipeline": "Pipeline", "owner": "Deal owner", "loss_reason": "Closed lost reason",
          "won_reason": "Closed won reason", "account_name": "Associated Company",
          "contact_name": "Associated Contact"}),
        (PIPEDRIVE_DEALS, "pipedrive", "deals",
         {"external_id": "Deal - ID", "name": "Deal - Title", "amount": "Deal - Value", "currency": "Deal - Currency",
          "status": "Deal - Status", "loss_reason": "Deal - Lost reason", "won_time": "Deal - Won time",
          "lost_time": "Deal - Lost time", "account_name": "Deal - Organization",
          "contact_name": "Deal - Contact person", "owner": "Deal - Owner"}),
        (MAVEN_PIPELINE, "maven", "deals",
         {"external_id": "opportunity_id", "owner": "sales_agent", "product": "product", "account_name": "account",
          "stage": "deal_stage", "close_date": "close_date", "amount": "close_value"}),
        (MAVEN_ACCOUNTS, "maven", "accounts",
         {"name": "account", "industry": "sector", "employees": "employees", "region": "office_location",
          "parent": "subsidiary_of"}),
        (["Deal", "Company", "Outcome", "Amount", "Close date", "Competitor", "Reason", "Segment", "Notes"],
         "generic", "deals",
         {"name": "Deal", "account_name": "Company", "status": "Outcome", "amount": "Amount",
          "close_date": "Close date", "competitor": "Competitor", "loss_reason": "Reason", "segment": "Segment",
          "rep_note": "Notes"}),
        (["Company Name", "Industry", "Employees", "Country"], "generic", "accounts",
         {"name": "Company Name", "industry": "Industry", "employees": "Employees", "region": "Country"}),
        (["First name", "Last name", "Email", "Company", "Job title"], "generic", "contacts",
         {"first_name": "First name", "last_name": "Last name", "email": "Email", "account_name": "Company",
          "title": "Job title"}),
    ],
    ids=["sf-api", "sf-report", "sf-account", "sf-contact", "hubspot", "pipedrive", "maven", "maven-accounts",
         "generic-deals", "generic-accounts", "generic-contacts"],
)  # fmt: skip
def test_detection_of_real_export_headers(headers: list[str], source: str, kind: str, expected: dict[str, str]) -> None:
    found = detect(headers)
    assert (found.source, found.kind) == (source, kind)
    assert found.mapping == expected
    assert found.unmapped == [h for h in headers if h not in expected.values()]
    assert 0 < found.confidence <= 1


def test_detection_ignores_case_spacing_and_underscores() -> None:
    found = detect(["OPPORTUNITY_ID", "stage_name", "close date", "is_won", "is closed", "AMOUNT"])
    assert found.kind == "deals"
    assert found.mapping["stage"] == "stage_name"
    assert found.mapping["close_date"] == "close date"
    assert found.mapping["is_won"] == "is_won"


def test_a_file_without_an_id_or_name_is_read_as_deals_with_what_maps() -> None:
    found = detect(["Stage", "Amount", "Whatever"])
    assert found.kind == "deals"
    assert found.mapping == {"stage": "Stage", "amount": "Amount"}
    assert found.unmapped == ["Whatever"]
    unknown = detect(["foo", "bar"])
    assert (unknown.kind, unknown.mapping, unknown.confidence) == ("deals", {}, 0.0)


def test_a_column_is_used_once_and_duplicates_and_blanks_are_left_alone() -> None:
    found = detect(["Id", "Name", "Name", "", "StageName"])
    assert found.mapping == {"external_id": "Id", "name": "Name", "stage": "StageName"}
    assert found.unmapped == ["Name"]


# -- profiles -----------------------------------------------------------------------------------


def test_profiles_round_trip_and_replace(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        save_profile(session, "ours", "generic", "deals", {"name": "Deal", "close_date": "Closed"},
                     {"Closed": DateFormat.EU_SLASH})  # fmt: skip
    with sqlite_database.sessions() as session:
        assert load_profile(session, "ours") == {
            "name": "ours", "source": "generic", "kind": "deals", "fields": {"name": "Deal", "close_date": "Closed"},
            "date_formats": {"Closed": "eu_slash"},
        }  # fmt: skip
    with sqlite_database.sessions() as session, session.begin():
        save_profile(session, "ours", "hubspot", "deals", {"name": "Deal Name"}, {})
    with sqlite_database.sessions() as session:
        loaded = load_profile(session, "ours")
    assert (loaded["source"], loaded["fields"], loaded["date_formats"]) == ("hubspot", {"name": "Deal Name"}, {})


def test_unknown_profile_and_fields_are_refused(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session:
        with pytest.raises(UnknownProfile, match="no mapping profile named 'nope'"):
            load_profile(session, "nope")
        with pytest.raises(ValueError, match="stage is not a field of accounts"):
            save_profile(session, "x", "generic", "accounts", {"stage": "Stage"}, {})


def test_a_source_named_profile_is_found_when_its_columns_are_there(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, session.begin():
        save_profile(session, default_profile_name("salesforce", "deals"), "salesforce", "deals",
                     {"external_id": "Id", "stage": "StageName"}, {})
    with sqlite_database.sessions() as session:
        assert find_profile(session, "salesforce", "deals", SALESFORCE_OPPORTUNITY) is not None
        assert find_profile(session, "salesforce", "accounts", SALESFORCE_OPPORTUNITY) is None  # another kind
        assert find_profile(session, "salesforce", "deals", ["Id", "Name"]) is None  # StageName is missing
        assert find_profile(session, "hubspot", "deals", HUBSPOT_DEALS) is None
    assert not profile_fits({"fields": {}}, ["Id"])
