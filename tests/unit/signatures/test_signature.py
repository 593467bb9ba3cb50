import pytest

from domain.signatures.signature import (
    Point,
    SignatureError,
    Stroke,
    Strokes,
    check,
    consent_content,
    content_fingerprint,
)


def _line(n=20, pressure=0.5):
    return Stroke(tuple(Point(10 + i * 10, 50 + i * 3, i * 16, pressure) for i in range(n)))


def test_strokes_round_trip_with_time_and_pressure():
    strokes = Strokes((_line(), _line(pressure=None)), 1000, 333.3)
    text = strokes.encode()
    again = Strokes.decode(text)
    assert again == strokes
    assert again.strokes[0].points[3].pressure == 0.5
    assert again.strokes[1].points[3].pressure is None
    assert " " not in text  # compact


def test_an_empty_pad_or_a_dot_is_refused_beside_the_pad():
    for strokes in (Strokes(()), Strokes((Stroke((Point(5, 5, 0),)),))):
        with pytest.raises(SignatureError) as caught:
            check(strokes, "Ana Ruiz", "client")
        assert caught.value.field == "pad"
        assert "empty" in caught.value.message


def test_a_printed_name_is_required():
    with pytest.raises(SignatureError) as caught:
        check(Strokes((_line(),)), "   ", "witness")
    assert caught.value.field == "name"
    assert check(Strokes((_line(),)), "  Ana   Ruiz ", "client") == "Ana Ruiz"


def test_corrupt_strokes_say_so():
    with pytest.raises(SignatureError, match="cannot be read"):
        Strokes.decode('{"v":1,"s":[[["x"]]]}')


def test_the_fingerprint_follows_the_content():
    class C:
        id, client_id, case_id, kind = 1, 2, None, "services"
        signed_on = effective_on = "2026-12-04"
        expires_on = None
        recipient = purpose = information = discloser = expiry_event = ""

    first = content_fingerprint(consent_content(C))
    C.purpose = "other"
    assert content_fingerprint(consent_content(C)) != first and len(first) == 64
