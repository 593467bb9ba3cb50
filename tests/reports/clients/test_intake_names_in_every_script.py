"""The intake form prints a name in every script as real glyphs, as the face sheet
does: the client's own name, a household member's, and the signer's printed name."""

from __future__ import annotations

from functools import cache

import pytest

from domain.clients.hmis import RelationshipToHead
from reports.clients.intake_form_pdf import intake_form_pdf
from tests.reports.common.test_names_in_every_script import NAMES
from tests.reports.drawn_text import drawn_runs, page_text
from tests.reports.sample_records import PRINTED_AT, agency, client, household, member, packet
from tests.reports.shipped_glyphs import shipped_cmap


@cache
def printed(script: str):
    first, last = NAMES[script]
    record = client(first_name=first, last_name=last, emergency_name=f"{first} {last}")
    relative = client(id=44, first_name=last, last_name=first)
    members = (*household(record), member(relative, RelationshipToHead.OTHER_RELATIVE))
    pdf = intake_form_pdf(packet(record, household=members), agency(), PRINTED_AT)
    return record, relative, drawn_runs(pdf)


@pytest.mark.parametrize("script", sorted(NAMES))
def test_every_glyph_drawn_is_a_real_glyph_of_the_font_that_drew_it(script):
    _, _, pages = printed(script)
    for runs in pages:
        for run in runs:
            cmap = shipped_cmap(run.font)
            for glyph in run.glyphs:
                assert glyph.is_real, f"{glyph.char!r} drawn as an empty or missing glyph"
                assert cmap.get(ord(glyph.char), ".notdef") != ".notdef", (
                    f"{glyph.char!r} drawn in {run.font}, which has no glyph for it"
                )


@pytest.mark.parametrize("script", sorted(set(NAMES) - {"arabic", "persian", "hebrew"}))
def test_the_names_print_as_written(script):
    record, relative, pages = printed(script)
    for runs in pages:
        assert page_text(runs).count(record.display_name) >= 2  # header and footer
    everything = "".join(page_text(runs) for runs in pages)
    assert relative.display_name in everything
    # The body's name box, the household row and the client's printed name.
    assert everything.count(record.display_name) >= 2 * len(pages) + 3
