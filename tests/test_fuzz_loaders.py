"""Fuzzing the YAML loaders: whatever the input, one PlanrevError with a location, or a model.

Bounded for CI (the ``ci`` hypothesis profile); run longer locally with
``HYPOTHESIS_PROFILE=ci pytest tests/test_fuzz_loaders.py --hypothesis-seed=…`` or atheris.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planrev.errors import LoadError, PlanrevError
from planrev.storage.documents import MAX_FILE_BYTES, decode, loads_document, read_text
from planrev.storage.folder import load_folder
from tests.conftest import AOMORI

SAMPLE = (AOMORI / "draft-03.yaml").read_text(encoding="utf-8")

_YAML_ALPHABET = st.sampled_from(
    list(":-[]{}#&*!|>'\"%@`?,\n\t  ")
    + list("abkindtextidschema_versiondocumentdraft01")
    + list("・【追加】「」（）、。県民\u3000\ufeff\x00\x85\u2028")
)


def _only_planrev_errors(text: str) -> None:
    try:
        loads_document(text, Path("fuzz.yaml"))
    except LoadError as error:
        assert str(error)
        assert error.location.path == Path("fuzz.yaml")
    except PlanrevError:
        pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_YAML_ALPHABET, max_size=300))
def test_random_yaml_like_text_never_crashes(text: str) -> None:
    _only_planrev_errors(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_unicode_never_crashes(text: str) -> None:
    _only_planrev_errors(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    position=st.integers(min_value=0, max_value=len(SAMPLE)),
    length=st.integers(min_value=0, max_value=40),
    insert=st.text(alphabet=_YAML_ALPHABET, max_size=20),
)
def test_mutated_drafts_never_crash(position: int, length: int, insert: str) -> None:
    _only_planrev_errors(SAMPLE[:position] + insert + SAMPLE[position + length :])


@pytest.mark.parametrize("cut", range(0, len(SAMPLE), max(1, len(SAMPLE) // 60)))
def test_truncated_drafts_never_crash(cut: int) -> None:
    _only_planrev_errors(SAMPLE[:cut])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_give_a_decoding_error_or_text(data: bytes) -> None:
    try:
        decode(data, Path("fuzz.yaml"))
    except LoadError as error:
        assert error.location.line is not None
        assert error.location.column is not None


def test_huge_inputs_fail_fast_with_a_message(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(LoadError, match="大きすぎ"):
        read_text(big)
    with pytest.raises(LoadError, match="長すぎ"):
        loads_document("a: " + "あ" * 1_000_001 + "\n")
    with pytest.raises(LoadError, match="入れ子"):
        loads_document("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    with pytest.raises(LoadError, match="入れ子"):
        loads_document("".join(" " * i + "a:\n" for i in range(10_000)))


def test_a_folder_with_a_broken_file_names_that_file(tmp_path: Path) -> None:
    for source in AOMORI.glob("*.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "draft-03.yaml").write_text(
        "document: draft\nschema_version: 1\nmeta: [\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as caught:
        load_folder(tmp_path)
    assert caught.value.location.path == tmp_path / "draft-03.yaml"
