"""The editorial gate decides what the public sees."""

import datetime as dt
from dataclasses import replace

from conftest import VALID_PROFILE

from site_builder.content.load import load_content
from site_builder.content.model import Consent
from site_builder.public.gate import publish, withheld_reason

TODAY = dt.date(2025, 1, 1)


def one_profile(content):
    content.profile("p", VALID_PROFILE)
    result, _ = load_content(content.root)
    return result, result.profiles[0]


def test_published_with_consent_is_public(content):
    _, p = one_profile(content)
    assert withheld_reason(p, TODAY) is None


def test_each_reason_to_withhold(content):
    _, p = one_profile(content)
    for status in ("draft", "review", "withdrawn"):
        assert withheld_reason(replace(p, status=status), TODAY) == status
    assert withheld_reason(replace(p, publish_from=dt.date(2025, 1, 2)), TODAY) == "embargo"
    assert withheld_reason(replace(p, publish_from=TODAY), TODAY) is None
    assert withheld_reason(replace(p, consent=Consent(False)), TODAY) == "no-consent"
    assert withheld_reason(replace(p, kind="tap-the", consent=Consent(False)), TODAY) is None


def test_publication_is_sorted_in_vietnamese_order(content):
    for i, name in enumerate(["Đào Văn Bình", "Dương Thị Lan", "Âu Văn Cường", "An Thị Mai"]):
        content.profile(f"p{i}", VALID_PROFILE.replace("Nguyễn Thị Hoa", name))
    result, _ = load_content(content.root)
    names = [p.name for p in publish(result, TODAY).profiles]
    assert names == ["An Thị Mai", "Âu Văn Cường", "Dương Thị Lan", "Đào Văn Bình"]
