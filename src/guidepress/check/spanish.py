"""Spanish syllables by the rules of Spanish orthography (RAE), not by hyphenation patterns.

A syllable has one vowel nucleus. Vowels next to each other share a nucleus
(a diphthong or triphthong) unless they are in hiatus:
- a, e, o are strong; i, u, ü are weak; an accented í or ú counts as strong,
  which is what breaks "día" and "país" into two syllables;
- two strong vowels are in hiatus (le-er, a-é-re-o); a weak vowel beside a
  strong one, or two different weak vowels, form a diphthong (ciu-dad, bue-no),
  and weak-strong-weak a triphthong (U-ru-guay, es-tu-diáis); the same weak
  vowel twice is a hiatus (chi-i-ta);
- the u of que, qui, gue, gui is silent (not a vowel), the ü of güe, güi is not;
- y is a vowel when no vowel follows it (muy, hoy, the word "y");
- an h between vowels does not stop a diphthong (prohi-bir, rehu-sar).
Consonants between two nuclei split by the usual rules: one goes to the next
syllable (ca-sa); two split (can-to) unless they are a consonant + l/r cluster
(ha-blar, o-tro) or ch, ll, rr (co-che); of three, the last two go on if they
are such a cluster (ex-tra), otherwise the last one (ins-ti-tu-to); of four,
two and two (abs-trac-to). Prefix boundaries (sub-ra-yar) are not detected:
they move a boundary, never the number of syllables.
"""

from __future__ import annotations

STRONG = set("aeoáéóíú")
WEAK = set("iuüy")
DIGRAPHS = ("ch", "ll", "rr")
CLUSTERS = {a + b for a in "pbfcgtdk" for b in "lr"} - {"dl"}


def _units(word: str) -> list[tuple[str, str]]:
    """The word as (letters, kind) units: kind "V" for a vowel, "C" for a consonant
    (ch, ll, rr and the qu/gu of que, qui, gue, gui are one consonant each)."""
    w, units, i = word.lower(), [], 0
    while i < len(w):
        pair, next_ch = w[i:i + 2], w[i + 2:i + 3]
        if pair in DIGRAPHS:
            units.append((pair, "C"))
            i += 2
        elif pair in ("qu", "gu") and next_ch in ("e", "i", "é", "í"):
            units.append((pair, "C"))
            i += 2
        elif w[i] == "y":
            follows_vowel = i + 1 < len(w) and (w[i + 1] in STRONG or w[i + 1] in "iuü")
            units.append(("y", "C" if follows_vowel else "V"))
            i += 1
        else:
            units.append((w[i], "V" if w[i] in STRONG or w[i] in WEAK else "C"))
            i += 1
    return units


def _hiatus(a: str, b: str) -> bool:
    """Whether two vowel letters side by side belong to different syllables."""
    if a in STRONG and b in STRONG:
        return True
    return a == b or (a in "iy" and b in "iy")


def _nuclei(units: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """(first, last) unit index of each vowel nucleus, an h inside a diphthong included."""
    nuclei: list[tuple[int, int]] = []
    for i, (letters, kind) in enumerate(units):
        if kind != "V":
            continue
        if nuclei:
            first, last = nuclei[-1]
            previous = units[last][0]
            adjacent = last == i - 1
            across_h = last == i - 2 and units[i - 1][0] == "h"
            if (adjacent or across_h) and not _hiatus(previous, letters):
                nuclei[-1] = (first, i)
                continue
        nuclei.append((i, i))
    return nuclei


def _onset_size(consonants: list[str]) -> int:
    """How many of the consonants between two nuclei start the next syllable."""
    n = len(consonants)
    if n <= 1:
        return n
    if n == 2:
        return 2 if consonants[0] + consonants[1] in CLUSTERS else 1
    if consonants[-2] + consonants[-1] in CLUSTERS:
        return 2
    return 1 if n == 3 else 2


def syllabify(word: str) -> list[str]:
    """The syllables of one Spanish word, e.g. ``syllabify("ejercicio")`` ->
    ``["e", "jer", "ci", "cio"]``; a word without a vowel is one syllable."""
    units = _units(word)
    nuclei = _nuclei(units)
    if not nuclei:
        return [word] if word else []
    cuts = []
    for (_, end), (start, _) in zip(nuclei, nuclei[1:]):
        between = [letters for letters, _ in units[end + 1:start]]
        cuts.append(start - _onset_size(between))
    pieces, previous, position = [], 0, 0
    offsets = []
    for letters, _ in units:
        offsets.append(position)
        position += len(letters)
    offsets.append(position)
    for cut in cuts:
        pieces.append(word[offsets[previous]:offsets[cut]])
        previous = cut
    pieces.append(word[offsets[previous]:])
    return pieces


def syllables(word: str) -> int:
    """Syllables of one Spanish word (hyphenated parts counted separately; numbers
    about one a digit)."""
    if not word:
        return 0
    if word[0].isdigit():
        return max(sum(ch.isdigit() for ch in word), 1)
    return sum(len(syllabify(part)) for part in word.replace("’", "'").split("-") if part)
