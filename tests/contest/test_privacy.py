"""A phone number is recognised however an entrant writes it, and a year or a count is not one."""

from site_builder.contest.privacy import digits, phone_numbers


def test_mobile_and_landline_numbers_are_found_in_every_usual_spelling():
    for written in ("0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678",
                    "0252-3822-123", "02523822123", "038 999 1234"):
        assert phone_numbers(f"Liên hệ {written}, cảm ơn") == [written], written


def test_years_amounts_and_codes_are_not_phone_numbers():
    text = "Năm 2026 anh góp 15.000.000 đồng, mã GNT-0012, 1.500 chữ, quyết định 1742/QĐ-UBND, 12345678901"
    assert phone_numbers(text) == []


def test_two_spellings_of_one_number_have_the_same_digits():
    assert digits("+84 912 345 678") == digits("0912.345.678") == "0912345678"
