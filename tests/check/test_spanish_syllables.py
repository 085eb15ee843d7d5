"""The Spanish syllabifier against words syllabified by hand (RAE rules)."""

from __future__ import annotations

import pytest

from guidepress.check.spanish import syllabify, syllables

WORDS = {
    "músculos": "mús-cu-los", "ejercicio": "e-jer-ci-cio", "guía": "guí-a", "país": "pa-ís",
    "ciudad": "ciu-dad", "leer": "le-er", "aéreo": "a-é-re-o", "Uruguay": "U-ru-guay",
    "estudiáis": "es-tu-diáis", "chiita": "chi-i-ta", "pingüino": "pin-güi-no", "guerra": "gue-rra",
    "que": "que", "hoy": "hoy", "muy": "muy", "y": "y", "leyes": "le-yes", "yoga": "yo-ga",
    "ahora": "a-ho-ra", "búho": "bú-ho", "prohibir": "prohi-bir", "coche": "co-che",
    "perro": "pe-rro", "hablar": "ha-blar", "extra": "ex-tra", "instituto": "ins-ti-tu-to",
    "construir": "cons-truir", "obstáculo": "obs-tá-cu-lo", "abstracto": "abs-trac-to",
    "isquiotibiales": "is-quio-ti-bia-les", "oído": "o-í-do", "cigüeña": "ci-güe-ña",
}


@pytest.mark.parametrize("word, expected", WORDS.items())
def test_syllabify(word, expected):
    assert "-".join(syllabify(word)) == expected


def test_counts_of_hyphenated_words_and_numbers():
    assert syllables("gato-vaca") == 4
    assert syllables("20") == 2
