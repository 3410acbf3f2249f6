"""The plain text a search snippet is cut from: the words a reader sees, no markup."""

from __future__ import annotations

import pytest

from catalog.search.plain_text import plain_text


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Orders placed on the web shop.", "Orders placed on the web shop."),
        ("## Budget\n\n**Quarterly** _plan_ ~~old~~", "Budget Quarterly plan old"),
        ("[spending plan](https://wiki.example/plan?id=7 'title')", "spending plan"),
        ("[plan][ref]\n\n[ref]: https://wiki.example/plan", "plan"),
        ("![revenue chart](chart.png) per `cost_centre`", "revenue chart per cost_centre"),
        ("- capex\n- opex\n\n1. first\n2. second", "capex opex first second"),
        ("```sql\nselect 1\n```\nafter", "select 1 after"),
        ("| region | amount |\n|---|---|\n| EMEA | 10 |", "region amount EMEA 10"),
        ("<p>Quarterly budget &amp; plan</p>", "Quarterly budget & plan"),
        ("one<br>two and <em>three</em>", "one two and three"),
        ("> quoted\nline\\\nbreak  \nhard", "quoted line break hard"),
        ("<script>alert(1)</script>", "alert(1)"),
        ("", ""),
    ],
)
def test_plain_text_keeps_the_words_and_drops_the_markup(markdown: str, text: str) -> None:
    assert plain_text(markdown) == text
