"""schema.org JSON-LD: parsed from the built pages and checked against the content."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from site_builder.content.text import format_date
from site_builder.press import structured_data


def json_ld(site: Path, url: str) -> list[dict]:
    page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    return [json.loads(s.string) for s in page.head.select('script[type="application/ld+json"]')]


def test_every_profile_page_describes_its_subject_with_the_right_type(sample_site, sample):
    expected = {"ca-nhan": "Person", "tap-the": "Organization", "ho-gia-dinh": "Organization"}
    base = sample.content.site.base_url
    for profile in sample.profiles:
        [entity] = json_ld(sample_site, f"ho-so/{profile.slug}")
        assert entity["@context"] == "https://schema.org"
        assert entity["@type"] == expected[profile.kind]
        assert entity["name"] == profile.name
        assert entity["description"] == profile.summary
        assert entity["url"] == f"{base}ho-so/{profile.slug}/"
        assert entity["mainEntityOfPage"]["@type"] == "ProfilePage"
        assert entity["mainEntityOfPage"]["dateModified"] == profile.last_update.isoformat()
        locality = sample.content.taxonomies.localities[profile.locality]
        assert entity["address"]["addressLocality"] == locality.name


def test_awards_are_text_with_decision_number_and_date(sample_site, sample):
    with_awards = [p for p in sample.profiles if p.awards]
    assert with_awards
    for profile in with_awards:
        [entity] = json_ld(sample_site, f"ho-so/{profile.slug}")
        assert len(entity["award"]) == len(profile.awards)
        for text, award in zip(entity["award"], profile.awards):
            assert award.award.name in text
            assert award.decision in text
            assert format_date(award.date) in text
            assert award.issuer in text


def test_the_photo_carries_its_credit_and_licence(sample_site, sample):
    site = sample.content.site
    for profile in (p for p in sample.profiles if p.photos):
        [entity] = json_ld(sample_site, f"ho-so/{profile.slug}")
        image = entity["image"]
        assert image["@type"] == "ImageObject"
        assert image["creditText"] == profile.photos[0].credit
        assert image["license"] == site.photo_licence.url
        assert image["acquireLicensePage"] == site.base_url + "bao-chi/"
        for key in ("contentUrl", "url"):
            assert (sample_site / image[key][len(site.base_url):]).is_file()


def test_household_and_collective_members_are_listed(sample_site, sample):
    household = next(p for p in sample.profiles if p.kind == "ho-gia-dinh" and p.members)
    [entity] = json_ld(sample_site, f"ho-so/{household.slug}")
    assert [m["name"] for m in entity["member"]] == [m.name for m in household.members]
    assert all(m["@type"] == "Person" for m in entity["member"])


def test_home_page_describes_the_website_and_data_page_the_dataset(sample_site, sample):
    site = sample.content.site
    page = BeautifulSoup((sample_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    [website] = [json.loads(s.string) for s in page.head.select('script[type="application/ld+json"]')]
    assert website["@type"] == "WebSite" and website["url"] == site.base_url
    assert website["publisher"]["name"] == site.council
    [dataset] = json_ld(sample_site, "du-lieu")
    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == site.data_licence.url
    formats = {d["encodingFormat"] for d in dataset["distribution"]}
    assert {"application/json", "text/csv"} <= formats
    for download in dataset["distribution"]:
        assert (sample_site / download["contentUrl"][len(site.base_url):]).is_file()


def test_listing_pages_claim_no_person_or_organization(sample_site):
    # A listing shows many profiles; a subject entity there would confuse search engines.
    for url in ("ho-so", "linh-vuc/y-te", "dia-phuong", "bao-chi"):
        assert not [e for e in json_ld(sample_site, url) if e["@type"] in ("Person", "Organization")]


def test_script_json_cannot_end_the_script_element_early():
    text = str(structured_data.script_json({"name": "</script><script>alert(1)</script> & <!--"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


def test_award_text_without_issuer_leaves_no_dangling_words():
    labels = {"award_citation": "{award}, Quyết định số {decision} ngày {date} của {issuer}",
              "award_citation_no_issuer": "{award}, Quyết định số {decision} ngày {date}"}
    award = {"award": {"name": "Giấy khen"}, "decision": "12/QĐ-UBND", "date": "2024-03-05", "issuer": ""}
    assert structured_data.award_text(award, labels) == "Giấy khen, Quyết định số 12/QĐ-UBND ngày 05/03/2024"
