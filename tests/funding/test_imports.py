"""Importing 360Giving grants, JSON and CSV: good rows kept, every bad or unmatched row reported."""
# ruff: noqa: E501 (the expected messages are quoted whole)

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coprod.funding.imports import grants_import
from coprod.funding.models import Allocation
from tests.funding.factories import InitiativeFactory
from tests.groups.factories import GroupFactory


@pytest.fixture
def setting(world):
    hood = world["hoods"]["a1"]
    lsoa = hood.lsoas.order_by("code").first()
    return {
        "initiative": InitiativeFactory(region=world["units"]["a"].region, slug="towns-fund"),
        "hood": hood,
        "lsoa": lsoa.code,
        "ward": lsoa.ward.code,
        "authority": lsoa.local_authority.code,
        "other_lsoa": world["hoods"]["b1"].lsoas.first().code,
        "charity": GroupFactory(
            team=world["teams"]["a1"], org_identifier="GB-CHC-1234567", charity_number="1234567"
        ),
        "company": GroupFactory(team=world["teams"]["a2"], org_identifier="", company_number="01234567"),
        "local": GroupFactory(team=world["teams"]["a1"], org_identifier="360G-coprod-pantry"),
        "elsewhere": GroupFactory(team=world["teams"]["b1"], org_identifier="GB-CHC-7654321"),
    }


def grant(
    gid, amount, *, recipient="GB-CHC-1234567", code=None, currency="GBP", date="2026-05-01", title=None
):
    item = {
        "id": gid,
        "title": title or f"Grant {gid}",
        "description": "A grant",
        "currency": currency,
        "amountAwarded": amount,
        "awardDate": date,
        "recipientOrganization": [{"id": recipient, "name": "Recipient"}],
        "fundingOrganization": [{"id": "GB-GOR-PB1", "name": "Combined Authority"}],
    }
    if code:
        item["beneficiaryLocation"] = [{"name": "Place", "geoCode": code, "geoCodeType": "LSOA"}]
    return item


def package(setting) -> str:
    grants = [
        grant("360G-ca-1", 1234.56, code=setting["lsoa"]),
        grant("360G-ca-2", "5000.01", recipient="GB-COH-01234567", code=setting["ward"]),
        grant("360G-ca-3", 99.99, recipient="360G-coprod-pantry", code=setting["authority"]),
        grant("360G-ca-4", 250, recipient="GB-CHC-9999999", code=setting["other_lsoa"]),
        grant("360G-ca-5", 100, recipient="GB-CHC-7654321", code="E12000005"),
        grant("360G-ca-6", 100, currency="USD", code=setting["lsoa"]),
        grant("360G-ca-7", 12.345, code=setting["lsoa"]),
        grant("", 10, code=setting["lsoa"]),
        grant("360G-ca-8", 10, date="next week", code=setting["lsoa"]),
        grant("360G-ca-1", 1, code=setting["lsoa"]),
        grant("360G-ca-9", -5, code=setting["lsoa"]),
    ]
    # Written as numbers with the pennies as published, never through float.
    return json.dumps({"grants": grants}, default=str).replace('"5000.01"', "5000.01")


def test_json_package_good_and_bad_grants(setting, tmp_path):
    path = tmp_path / "grants.json"
    path.write_text(package(setting))
    summary = grants_import(
        actor=None, initiative=setting["initiative"], source=path, category="community_proposed"
    )
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (5, 0, 0, 6)
    errors = {str(e) for e in summary.errors}
    assert (
        "grant 6 (grant '360G-ca-6'), column 'currency', value 'USD': only grants in pounds sterling (GBP) can be recorded in the ledger"
        in errors
    )
    assert (
        "grant 7 (grant '360G-ca-7'), column 'amountAwarded', value '12.345': Ensure that there are no more than 2 decimal places."
        in errors
    )
    assert "grant 8, column 'id', value '': every grant needs its 360Giving identifier" in errors
    assert any(e.startswith("grant 9 (grant '360G-ca-8'), column 'awardDate'") for e in errors)
    assert (
        "grant 10 (grant '360G-ca-1'), column 'id', value '360G-ca-1': this grant repeats grant 1" in errors
    )
    assert (
        "grant 11 (grant '360G-ca-9'), column 'amountAwarded', value '-5': Enter an amount more than £0."
        in errors
    )

    one = Allocation.objects.get(grant_identifier="360G-ca-1")
    assert one.amount == Decimal("1234.56") and one.category == "community_proposed"
    assert list(one.groups.all()) == [setting["charity"]]
    assert list(one.neighbourhoods.all()) == [setting["hood"]]
    two = Allocation.objects.get(grant_identifier="360G-ca-2")
    assert (two.amount, list(two.groups.all())) == (Decimal("5000.01"), [setting["company"]])
    assert list(two.neighbourhoods.all()) == [setting["hood"]]  # by ward
    three = Allocation.objects.get(grant_identifier="360G-ca-3")
    assert list(three.groups.all()) == [setting["local"]]
    assert list(three.neighbourhoods.all()) == [setting["hood"]]  # by authority

    # Unmatched recipients and places are imported, and said so, never dropped in silence.
    four = Allocation.objects.get(grant_identifier="360G-ca-4")
    assert not four.groups.exists() and not four.neighbourhoods.exists()
    warnings = "\n".join(summary.warnings)
    assert (
        "grant 4 (grant '360G-ca-4'), column 'recipientOrganization/0/id', value 'GB-CHC-9999999': no community group"
        in warnings
    )
    assert (
        f"grant 4 (grant '360G-ca-4'), column 'beneficiaryLocation/*/geoCode', value '{setting['other_lsoa']}': no neighbourhood"
        in warnings
    )
    # A group in another region's directory is not this region's group.
    assert (
        "grant 5 (grant '360G-ca-5'), column 'recipientOrganization/0/id', value 'GB-CHC-7654321'" in warnings
    )
    assert "value 'E12000005': not an ONS code for an LSOA (E01), ward (E05) or local authority" in warnings

    again = grants_import(actor=None, initiative=setting["initiative"], source=path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 5, 6)
    assert any("grant 4 (grant '360G-ca-4')" in w for w in again.warnings)  # still said on a re-run
    assert Allocation.objects.count() == 5


def test_require_match_rejects_unmatched_grants(setting, tmp_path):
    path = tmp_path / "grants.json"
    path.write_text(package(setting))
    summary = grants_import(actor=None, initiative=setting["initiative"], source=path, require_match=True)
    assert summary.created == 3
    assert {e.grant_id for e in summary.errors} >= {"360G-ca-4", "360G-ca-5"}
    assert not Allocation.objects.filter(grant_identifier__in=["360G-ca-4", "360G-ca-5"]).exists()


HEADERS = [
    "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
    "Recipient Org:Name", "Recipient Org:Charity Number", "Funding Org:Identifier", "Funding Org:Name",
    "Beneficiary Location:Name", "Beneficiary Location:Geographic Code", "Beneficiary Location:Geographic Code Type",
    "Grant Programme:Title",
]  # fmt: skip


def test_csv_with_the_standard_column_titles_through_the_command(setting, tmp_path):
    lsoa = setting["lsoa"]
    rows = [
        ["360G-x-1", "Kitchen", "", "GBP", "1,000.10", "2026-05-01T00:00:00+00:00", "", "Pantry", "1234567",
         "GB-GOR-1", "CA", "Estate", lsoa, "LSOA", "Towns"],
        ["360G-x-2", "Hall", "", "GBP", "2000.20", "01/06/2026", "GB-CHC-1234567", "Charity", "", "GB-GOR-1",
         "CA", "Estate", lsoa, "LSOA", "Towns"],
        ["360G-x-3", "Trip", "", "EUR", "300", "2026-06-01", "GB-CHC-1234567", "Charity", "", "GB-GOR-1", "CA",
         "Estate", lsoa, "LSOA", "Towns"],
        ["360G-x-4", "Fence", "", "GBP", "abc", "2026-06-01", "GB-CHC-1234567", "Charity", "", "GB-GOR-1", "CA",
         "Estate", lsoa, "LSOA", "Towns"],
        ["360G-x-5", "Bench", "", "GBP", "400.00", "2026-06-01", "", "Unknown", "", "GB-GOR-1", "CA", "", "", "",
         "Towns"],
    ]  # fmt: skip
    path = tmp_path / "grants.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "import_360giving", str(path), "--initiative", "towns-fund", "--category", "capacity_building",
            "--state", "spent", stdout=out, stderr=err,
        )  # fmt: skip
    assert failed.value.returncode == 1
    assert out.getvalue().strip().splitlines()[-1] == "created 3, updated 0, unchanged 0, rejected 2"
    report = err.getvalue()
    assert (
        "line 4 (grant '360G-x-3'), column 'Currency', value 'EUR': only grants in pounds sterling" in report
    )
    assert "line 5 (grant '360G-x-4'), column 'Amount Awarded', value 'abc': not a number" in report
    assert (
        "line 6 (grant '360G-x-5'), column 'Recipient Org:Identifier', value '': no recipient organisation identifier"
        in report
    )
    assert (
        "line 6 (grant '360G-x-5'), column 'Beneficiary Location:Geographic Code', value '': no beneficiary location code"
        in report
    )
    assert "columns not imported" not in report  # the programme's title is kept with each grant
    first = Allocation.objects.get(grant_identifier="360G-x-1")
    assert (first.amount, first.category, first.state) == (Decimal("1000.10"), "capacity_building", "spent")
    assert list(first.groups.all()) == [setting["charity"]]  # matched by the charity number column
    assert Allocation.objects.get(grant_identifier="360G-x-2").date.isoformat() == "2026-06-01"
    assert first.grant_programme == "Towns"

    # The publisher corrects an amount: the second run updates it and creates nothing.
    rows[1][4] = "2000.21"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_360giving",
            str(path),
            "--initiative",
            str(setting["initiative"].pk),
            stdout=out,
            stderr=io.StringIO(),
        )
    assert out.getvalue().strip().splitlines()[-1] == "created 0, updated 1, unchanged 2, rejected 2"
    assert Allocation.objects.get(grant_identifier="360G-x-2").amount == Decimal("2000.21")
    assert Allocation.objects.count() == 3


def test_file_level_problems_import_nothing(setting, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"grants": {')
    with pytest.raises(CommandError, match="nothing imported: line 1: not valid JSON"):
        call_command("import_360giving", str(bad), "--initiative", "towns-fund", stdout=io.StringIO())
    headers = tmp_path / "headers.csv"
    headers.write_text("Identifier,Title\n360G-1,x\n")
    with pytest.raises(CommandError, match="missing required headers: Currency, Amount Awarded, Award Date"):
        call_command("import_360giving", str(headers), "--initiative", "towns-fund", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No initiative"):
        call_command("import_360giving", str(headers), "--initiative", "nope", stdout=io.StringIO())
    assert not Allocation.objects.exists()


def test_a_grant_already_recorded_elsewhere_is_rejected(setting, tmp_path, world):
    path = tmp_path / "grants.json"
    path.write_text(json.dumps({"grants": [grant("360G-one", 10, code=setting["lsoa"])]}))
    grants_import(actor=None, initiative=setting["initiative"], source=path)
    other = InitiativeFactory(region=world["units"]["a"].region)
    summary = grants_import(actor=None, initiative=other, source=path)
    assert summary.rejected == 1 and "already recorded as an allocation of" in summary.errors[0].reason


def test_a_recipient_name_too_long_for_the_ledger_is_reported_not_cut_short(setting, tmp_path):
    """What a file says is kept whole or reported with its line and column, never silently shortened."""
    lsoa = setting["lsoa"]
    long_name = "Pantry " + "x" * 200
    rows = [
        ["360G-y-1", "Kitchen", "", "GBP", "100", "2026-05-01", "GB-CHC-1234567", long_name, "", "GB-GOR-1",
         "CA", "Estate", lsoa, "LSOA", ""],
        ["360G-y-2", "Hall", "", "GBP", "200", "2026-05-01", "GB-CHC-1234567", "Charity", "", "GB-GOR-1",
         "CA", "Estate", lsoa, "LSOA", ""],
    ]  # fmt: skip
    path = tmp_path / "grants.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    summary = grants_import(actor=None, initiative=setting["initiative"], source=path)
    assert (summary.created, summary.rejected) == (1, 1)
    error = summary.errors[0]
    assert (error.line, error.reason) == (2, "longer than 200 characters")
    assert error.column == "Recipient Org:Name"
    assert not Allocation.objects.filter(grant_identifier="360G-y-1").exists()


# The flattened CSV the standard's own tools write (flatten-tool): a grant's beneficiary locations in
# numbered columns, its programme and the recipient's postcode beside them.
FLAT = [
    "Identifier", "Title", "Currency", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
    "Recipient Org:Name", "Recipient Org:Postal Code", "Grant Programme:0:Title",
    "Beneficiary Location:0:Name", "Beneficiary Location:0:Geographic Code",
    "Beneficiary Location:0:Geographic Code Type", "Beneficiary Location:1:Name",
    "Beneficiary Location:1:Geographic Code", "Beneficiary Location:1:Geographic Code Type",
]  # fmt: skip


def test_a_flattened_csv_with_numbered_beneficiary_columns_is_matched_to_neighbourhoods(
    setting, world, tmp_path
):
    other = world["hoods"]["a2"].lsoas.order_by("code").first().code
    rows = [
        ["360G-f-1", "Kitchen", "GBP", "1000", "2026-05-01", "GB-CHC-1234567", "Pantry", "st4 6qd",
         "Communities Fund", "Estate", setting["lsoa"], "LSOA", "Hill", other, "LSOA"],
        ["360G-f-2", "Hall", "GBP", "500", "2026-05-02", "GB-CHC-1234567", "Pantry", "", "Communities Fund",
         "", "", "", "Hill", other, "LSOA"],
        ["360G-f-3", "Fence", "GBP", "200", "2026-05-03", "GB-CHC-1234567", "Pantry", "", "", "", "", "", "",
         "", ""],
    ]  # fmt: skip
    path = tmp_path / "flat.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FLAT)
        writer.writerows(rows)
    summary = grants_import(actor=None, initiative=setting["initiative"], source=path)
    assert (summary.created, summary.errors) == (3, [])
    both = Allocation.objects.get(grant_identifier="360G-f-1")
    assert {h.pk for h in both.neighbourhoods.all()} == {setting["hood"].pk, world["hoods"]["a2"].pk}
    assert (both.grant_programme, both.recipient_postcode) == ("Communities Fund", "ST4 6QD")
    second = Allocation.objects.get(grant_identifier="360G-f-2")
    assert [h.pk for h in second.neighbourhoods.all()] == [world["hoods"]["a2"].pk]  # from column 1 alone
    warnings = " | ".join(summary.warnings)
    assert "columns not imported" not in warnings
    # A grant with no location is named by the column's title, never by coprod's own name for it.
    assert (
        "line 4 (grant '360G-f-3'), column 'Beneficiary Location:0:Geographic Code', value '': no beneficiary "
        "location code" in warnings
    )
    assert "geo_code" not in warnings


def test_a_value_missing_with_its_column_is_named_by_the_standards_title(setting, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("Identifier,Currency,Amount Awarded,Award Date\n360G-p-1,GBP,10,2026-05-01\n")
    summary = grants_import(actor=None, initiative=setting["initiative"], source=path)
    warnings = " | ".join(summary.warnings)
    assert "column 'Beneficiary Location:Geographic Code', value '': no beneficiary location code" in warnings
    assert "column 'Recipient Org:Identifier', value '': no recipient organisation identifier" in warnings
    assert "geo_code" not in warnings and "recipient_id" not in warnings


def test_a_json_grants_programme_and_postcode_are_kept(setting, tmp_path):
    item = grant("360G-j-1", 75, code=setting["lsoa"])
    item["grantProgramme"] = [{"title": "Small grants"}]
    item["recipientOrganization"][0]["postalCode"] = "TS6 9AB"
    path = tmp_path / "grants.json"
    path.write_text(json.dumps({"grants": [item]}))
    grants_import(actor=None, initiative=setting["initiative"], source=path)
    kept = Allocation.objects.get(grant_identifier="360G-j-1")
    assert (kept.grant_programme, kept.recipient_postcode) == ("Small grants", "TS6 9AB")
