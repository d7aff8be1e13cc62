"""A problem is always one line, whatever the input's keys hold."""

from __future__ import annotations

from generator.errors import Problem, UserError
from tests.unit.yaml_feeds import problems


def test_a_key_holding_a_line_break_is_shown_escaped_on_one_line():
    """Found by the generated hostile inputs: a YAML key "\\r" split the message in two."""
    problem = Problem("feeds/series/x.yaml", 3, "events[0].\r", "unknown key")
    assert str(problem) == "feeds/series/x.yaml:3: events[0].\\r: unknown key"
    assert "\n" not in str(UserError([problem, problem])).split("\n")[0]


def test_printable_text_is_shown_as_it_is():
    assert (
        str(Problem("feeds/venues.yaml", None, "sepang.name", "got 'Zoë · 東京'"))
        == "feeds/venues.yaml: sepang.name: got 'Zoë · 東京'"
    )


def test_a_key_with_a_carriage_return_through_validation():
    messages = problems('name: "Cup"\n"\\r": 1\n')
    assert all(len(message.splitlines()) == 1 for message in messages), messages
    assert any("\\r" in message for message in messages), messages
