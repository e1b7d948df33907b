"""The customer pack's counted lines: singular or plural as each language wants."""

import pytest


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("en", 1, "1 answer to our monthly reviews"),
        ("en", 0, "0 answers to our monthly reviews"),
        ("en", 3, "3 answers to our monthly reviews"),
        ("fr", 1, "1 réponse à nos revues"),
        ("fr", 0, "0 réponse à nos revues"),
        ("fr", 4, "4 réponses à nos revues"),
        ("de", 1, "es 1 Antwort auf"),
        ("de", 2, "es 2 Antworten auf"),
    ],
)
def test_counted_lines_of_the_pack_agree_with_their_number(language, n, expected):
    from rapport.reports.texts import pack_count

    assert expected in pack_count("answers", n, language)


def test_one_point_in_confidence_is_singular_in_every_language():
    from rapport.reports.texts import pack_count

    lines = {lang: pack_count("told_hidden", 1, lang) for lang in ("en", "fr", "es", "it", "pt")}
    assert lines["en"] == "1 point raised in confidence. We keep its words private."
    assert "points" not in lines["fr"] and "puntos" not in lines["es"]
    assert "punti" not in lines["it"] and "pontos" not in lines["pt"]
