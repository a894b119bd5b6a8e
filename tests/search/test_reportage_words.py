"""A profile is found by what its reportage says: the title, summary and transcript of every
public film, radio piece or photo story that features it join its search record."""

from __future__ import annotations

from site_builder.public.reportage import publish_reportage
from site_builder.public.views import profile_views
from site_builder.search.index import SearchRecord
from site_builder.search.reportage import with_reportage
from site_builder.site.reportage import EpisodeView, episode_url


def episodes_of(publication) -> list[EpisodeView]:
    """The sample's public episodes, without renditions (the search text needs none)."""
    reportage = publish_reportage(publication)
    views = profile_views(publication, {})
    return [EpisodeView(item, episode_url(item), reportage.programmes[item.programme], None, None, (), "",
                        tuple(item.captions.transcript()) if item.captions else (),
                        tuple(views[slug] for slug in item.profiles)) for item in reportage.items]


def test_the_words_of_a_film_find_the_profile_it_features(sample):
    records = [SearchRecord("ho-so/nguyen-thi-hoa/", "Nguyễn Thị Hoa. Nông dân.", {}, {}),
               SearchRecord("ho-so/le-thi-hoa/", "Lê Thị Hoa.", {}, {})]
    found = with_reportage(records, episodes_of(sample))
    assert found[0].content.startswith("Nguyễn Thị Hoa. Nông dân. Vườn thanh long VietGAP của chị Hoa")
    assert "Chị hướng dẫn bà con trong xã ủ phân hữu cơ." in found[0].content  # said in the film's captions
    assert found[1] == records[1]


def test_a_photo_storys_captions_find_the_profile_it_features(sample):
    records = [SearchRecord("ho-so/doi-canh-sat-pccc-va-cnch-khu-vuc-la-gi/", "Đội Cảnh sát PCCC.", {}, {})]
    found, = with_reportage(records, episodes_of(sample))
    assert "tuyên truyền phòng cháy cho bà con trong khu phố" in found.content
