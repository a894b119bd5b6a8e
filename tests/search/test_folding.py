"""Vietnamese text as the search index sees it (site_builder/search/folding.py)."""

from __future__ import annotations

import unicodedata

import pytest

from site_builder.search.folding import (
    STROKE,
    canonical_tones,
    display_form,
    folded_words,
    index_form,
    name_keys,
    phrase_keys,
)


@pytest.mark.parametrize("written, canonical", [
    ("Hòa", "Hoà"), ("hoà", "hoà"), ("HÒA", "HOÀ"), ("hóa học", "hoá học"), ("Thanh Hóa", "Thanh Hoá"),
    ("thúy", "thuý"), ("Thủy", "Thuỷ"), ("tùy", "tuỳ"), ("khỏe", "khoẻ"), ("òa", "oà"),
    ("hoạ sĩ", "hoạ sĩ"), ("họa sĩ", "hoạ sĩ"), ("lũy", "luỹ"), ("ụy", "uỵ"),
])
def test_old_and_new_tone_placement_become_one_spelling(written, canonical):
    assert canonical_tones(written) == canonical


@pytest.mark.parametrize("word", ["Hoàng", "toán", "quý", "Quỳnh", "huỳnh", "khuya", "hoa", "thuy", "oanh", "Nguyễn"])
def test_tones_inside_a_syllable_and_after_qu_stay_where_they_are(word):
    assert canonical_tones(word) == word


def test_index_form_marks_d_with_stroke_and_display_form_restores_it():
    assert index_form("Trần Văn Đức đi") == f"Trần Văn D{STROKE}ức d{STROKE}i"
    assert display_form(index_form("Trần Văn Đức đi")) == "Trần Văn Đức đi"


def test_index_form_reads_nfd_input_as_nfc():
    nfd = unicodedata.normalize("NFD", "Lê Thị Hòa")
    assert index_form(nfd) == "Lê Thị Hoà"
    assert unicodedata.is_normalized("NFC", index_form(nfd))


def test_folded_words_drop_every_mark_and_case():
    assert folded_words("Hợp tác xã Thanh long sạch Hàm Đức, 2024") == [
        "hop", "tac", "xa", "thanh", "long", "sach", "ham", "duc", "2024"]


def test_name_keys_are_each_word_with_the_rest_of_the_name_and_phrase_keys_are_neighbouring_pairs():
    assert name_keys("Trần Văn Đức") == ["nztranzvanzducz", "nzvanzducz", "nzducz"]
    assert phrase_keys("Thanh long sạch") == ["pzthanhzlong", "pzlongzsach"]


def test_spelled_name_keys_tell_accents_apart_and_match_the_same_word_spelled_another_way():
    from site_builder.search.folding import spelled_name_keys
    assert spelled_name_keys("Đặng")[0] != spelled_name_keys("Đảng")[0]
    assert spelled_name_keys("Lê Thị Hòa") == spelled_name_keys(unicodedata.normalize("NFD", "Lê Thị Hoà"))
