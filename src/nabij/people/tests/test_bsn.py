from hypothesis import given
from hypothesis import strategies as st

from nabij.people.bsn import bsn_is_valid, mask_bsn, normalise_bsn

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def with_check_digit(head: str) -> str | None:
    check = sum(int(d) * w for d, w in zip(head, WEIGHTS, strict=True)) % 11
    return head + str(check) if check < 10 else None


def test_known_numbers():
    assert bsn_is_valid("111222333")
    assert bsn_is_valid("123456782")
    assert not bsn_is_valid("123456789")
    assert not bsn_is_valid("000000000")
    assert not bsn_is_valid("12345678")
    assert not bsn_is_valid("12345678a")


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_constructed_numbers_pass(head):
    bsn = with_check_digit(head)
    if bsn is not None and bsn != "000000000":
        assert bsn_is_valid(bsn)


@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_error_is_caught(head, position, delta):
    bsn = with_check_digit(head)
    if bsn is None:
        return
    wrong = bsn[:position] + str((int(bsn[position]) + delta) % 10) + bsn[position + 1 :]
    assert not bsn_is_valid(wrong)


@given(st.text(max_size=20))
def test_never_crashes_on_any_text(value):
    assert bsn_is_valid(value) in (True, False)


def test_normalise_and_mask():
    assert normalise_bsn("1112.22.333") == "111222333"
    assert normalise_bsn("11222333") == "011222333"
    assert mask_bsn("111222333") == "••••••333"
