"""What the build cache keeps (generator/cache.py): a series' pieces kept out of band, read back
mapped from the file without a copy, and equal to what was rendered."""

from __future__ import annotations

import pickle

import pytest

from generator.cache import kept_form, read_kept
from generator.render.parts import Pieces

PIECES = Pieces([b"BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n", b"", "é\r\n".encode(), b"BEGIN:VEVENT\r\n" * 50])


def test_pieces_kept_in_the_cache_are_read_back_mapped_and_equal(tmp_path):
    path = tmp_path / "kept.pickle"
    path.write_bytes(b"".join(kept_form({"events": PIECES, "slug": "a"})))
    kept = read_kept(path)
    assert kept == {"events": PIECES, "slug": "a"}
    assert isinstance(kept["events"], Pieces) and len(kept["events"]) == len(PIECES)
    assert all(isinstance(piece, memoryview) for piece in kept["events"])  # views of the mapping, not copies
    assert [bytes(piece) for piece in kept["events"]] == list(PIECES)


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_pieces_pickle_alike_in_every_protocol(protocol):
    """The workers send their results back pickled (generator/workers.py), the pieces in the pickle."""
    again = pickle.loads(pickle.dumps(PIECES, protocol=protocol))
    assert isinstance(again, Pieces) and again == PIECES
    assert [bytes(piece) for piece in again] == list(PIECES)


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_pieces_read_from_the_cache_pickle_again_in_every_protocol(tmp_path, protocol):
    path = tmp_path / "kept.pickle"
    path.write_bytes(b"".join(kept_form(PIECES)))
    again = pickle.loads(pickle.dumps(read_kept(path), protocol=protocol))
    assert isinstance(again, Pieces) and [bytes(piece) for piece in again] == list(PIECES)


def test_a_value_without_pieces_is_kept_and_read_back(tmp_path):
    path = tmp_path / "state.pickle"
    path.write_bytes(b"".join(kept_form({"format": 5, "summary": (1, 2, 3)})))
    assert read_kept(path) == {"format": 5, "summary": (1, 2, 3)}


@pytest.mark.parametrize("cut", [1, 9, -1])
def test_a_file_cut_short_or_grown_is_refused(tmp_path, cut):
    path = tmp_path / "kept.pickle"
    whole = b"".join(kept_form(PIECES))
    path.write_bytes(whole[:cut] if cut > 0 else whole + b"\0")
    with pytest.raises(Exception):  # noqa: B017, PT011 (any failure: the cache then makes it again)
        read_kept(path)
