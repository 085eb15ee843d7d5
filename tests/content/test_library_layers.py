"""The layers of a guide's exercise library: which folders, translations, unknown names."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import FIXTURE_GUIDE, own_exercise

from guidepress.builtin import BUILTIN_LIBRARY
from guidepress.content.folders import library_folders
from guidepress.content.layers import load_layered
from guidepress.content.loader import load_guide
from guidepress.errors import ContentError


def spanish_text(folder, id_, name, like="plank"):
    """A Spanish text for ``id_`` made from a built-in one, under a new name."""
    text = (BUILTIN_LIBRARY / "es" / f"{like}.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", f"name: {name}", text, count=1, flags=re.M)
    text = re.sub(r"^aliases: .*$", "aliases: []", text, count=1, flags=re.M)
    (folder / "es").mkdir(parents=True, exist_ok=True)
    (folder / "es" / f"{id_}.yaml").write_text(text, encoding="utf-8")


def test_the_shared_library_is_beside_the_guide_then_the_workspaces_then_built_in(knee_workspace, tmp_path):
    knee = knee_workspace / "guides" / "knee"
    shared = knee_workspace / "guide" / "exercises"
    assert library_folders(knee).paths == [knee / "exercises", shared]
    # the workspace's editable copy of the built-in guide: the library beside it is shared
    copy = knee_workspace / "guide" / "back-in-action"
    shutil.copytree(FIXTURE_GUIDE, copy)
    assert library_folders(copy).paths == [shared]
    # a guides/exercises folder beside the guide comes before the workspace's
    own_exercise(knee_workspace / "guides" / "exercises", "quad-set", "Quad Set")
    assert library_folders(knee).shared == knee_workspace / "guides" / "exercises"
    assert library_folders(FIXTURE_GUIDE).paths == [BUILTIN_LIBRARY]


def test_a_section_naming_an_unknown_exercise_names_both_libraries(knee_workspace):
    knee = knee_workspace / "guides" / "knee"
    text = (knee / "guide.yaml").read_text(encoding="utf-8")
    heading = "    heading: Keeping Swelling Down\n"
    assert heading in text
    (knee / "guide.yaml").write_text(text.replace(heading, heading + "    exercises: [quad-sets, bridge]\n"),
                                     encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        load_guide(knee)
    message = str(refused.value)
    assert 'unknown exercise "quad-sets" (did you mean "quad-set"?)' in message
    assert str(knee / "exercises") in message and str(knee_workspace / "guide" / "exercises") in message


def test_translations_layer_as_the_exercises_do(knee_workspace):
    knee = knee_workspace / "guides" / "knee"
    spanish_text(knee / "exercises", "quad-set", "Contracción del cuádriceps")
    library = load_layered(library_folders(knee), "es")
    assert library.resolve("contracción del cuádriceps").id == "quad-set"
    assert library.resolve("Quad Set").id == "quad-set"  # the English name still resolves
    assert library.resolve("bridge").name == "Puente"  # the shared library's Spanish text
    assert library.warnings == []
    # a guide's own bridge without its own Spanish text prints in English, not in the
    # words of the shared bridge it replaces, and says so
    own_exercise(knee / "exercises", "bridge", "Bridge", like="bridge",
                 purpose="Strengthens the muscles that steady your knee.")
    library = load_layered(library_folders(knee), "es")
    assert library.resolve("bridge").purpose == "Strengthens the muscles that steady your knee."
    assert [w for w in library.warnings if "bridge" in w] == [
        f'{knee / "exercises" / "es" / "bridge.yaml"}: not found; "bridge" printed in English']
    assert library.overrides == {"bridge": knee_workspace / "guide" / "exercises" / "bridge.yaml"}


def test_a_guides_translation_of_a_shared_exercise_says_how_to_make_it_its_own(knee_workspace):
    knee = knee_workspace / "guides" / "knee"
    spanish_text(knee / "exercises", "plank", "Plancha de rodilla")
    with pytest.raises(ContentError) as refused:
        load_layered(library_folders(knee), "es")
    message = str(refused.value)
    assert message.startswith(f'{knee / "exercises" / "es" / "plank.yaml"}: "plank" is an exercise '
                              "of the shared library")
    assert f"copy {knee_workspace / 'guide' / 'exercises' / 'plank.yaml'} into {knee / 'exercises'}" in message
    # in English the translation is not read, so nothing is refused
    assert load_layered(library_folders(knee)).resolve("plank").id == "plank"
