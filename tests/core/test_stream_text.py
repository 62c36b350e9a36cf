"""Reading a CSV file a line at a time: the lines are those the whole file would give the CSV reader."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprod.core.csvimport import ImportFileError, stream_text

# Line ends of every kind, characters the other splitters treat as line ends, and non-ASCII letters.
ALPHABET = st.sampled_from(["a", "b", ",", '"', "\r", "\n", "\r\n", "\x0c", "\u2028", "\x85", "é", "→"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.booleans())
def test_lines_are_those_of_the_whole_file(text, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    assert list(stream_text(io.BytesIO(data))) == list(io.StringIO(text, newline=""))


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"h\nok\n\xff\n", 3),
        (b"h\r\nok\r\nok\r\nbad \xe9 here\r\n", 4),
        (b"h\rok\rok\rok\rbad \xff\r", 5),  # CR line ends, as old spreadsheets write them
        (b'\xef\xbb\xbfh\n"two\nlines"\n\x80\n', 4),
    ],
)
def test_a_byte_that_is_not_utf8_is_reported_at_its_line(data, line, tmp_path):
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    for source in (io.BytesIO(data), path):
        with pytest.raises(ImportFileError, match=f"^line {line}: the file is not UTF-8 text"):
            list(stream_text(source))
