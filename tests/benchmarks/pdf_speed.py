"""Benchmark: how long printed forms take to build.

    python -m tests.benchmarks.pdf_speed [--rounds 20] [--batch-rounds 3]

The first build registers the shipped fonts (once per process) and is shown
apart; medians are over the builds after it. One face sheet has a Latin name,
the other Arabic, Chinese, Japanese and Korean, so every font is embedded.
Targets (issue 7): under 100 ms per form, under 15 s for a batch of 200.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from reports.clients.face_sheet_pdf import face_sheet_pdf
from reports.clients.intake_form_pdf import intake_form_pdf
from reports.clients.intake_packets import packets_pdf
from reports.common.page_frame import client_frame, framed_forms
from reports.consents.consent_form_pdf import (
    SERVICES_TITLE,
    services_consent_pdf,
    services_consent_story,
)
from reports.notes.case_notes_pdf import case_notes_pdf
from reports.plans.service_plan_pdf import service_plan_pdf
from tests.reports.plans.test_service_plan_pdf import document as plan_document
from tests.reports.sample_records import PRINTED_AT, agency, client, packet, signed_notes

BATCH = 200


def _time(build) -> float:
    start = time.perf_counter()
    build()
    return time.perf_counter() - start


def _report(label: str, samples: list[float]) -> None:
    print(
        f"{label}: median {statistics.median(samples) * 1000:.1f} ms, "
        f"slowest {max(samples) * 1000:.1f} ms over {len(samples)} builds"
    )


def measure(rounds: int, batch_rounds: int) -> None:
    letterhead = agency()
    latin = client()
    many_scripts = client(
        first_name="محمد",
        last_name="عبد الله",
        emergency_name="王秀英 さくら 김민준",
    )
    first = _time(lambda: face_sheet_pdf(latin, letterhead, PRINTED_AT))
    print(f"first build, with font registration: {first * 1000:.0f} ms")
    for label, record in (("Latin name", latin), ("five scripts", many_scripts)):
        samples = [
            _time(lambda record=record: face_sheet_pdf(record, letterhead, PRINTED_AT))
            for _ in range(rounds)
        ]
        _report(f"face sheet, {label}", samples)

    intake = packet()
    people = [
        packet(replace(latin, id=1000 + n), releases=()) if n % 2 else
        packet(replace(many_scripts, id=1000 + n), releases=())
        for n in range(BATCH)
    ]  # fmt: skip
    _report(
        "intake form (2 pages)",
        [_time(lambda: intake_form_pdf(intake, letterhead, PRINTED_AT)) for _ in range(rounds)],
    )
    consent = intake.services_consent
    _report(
        "consent to services (1 page)",
        [
            _time(lambda: services_consent_pdf(latin, letterhead, PRINTED_AT, consent=consent))
            for _ in range(rounds)
        ],
    )

    plan = plan_document()
    _report(
        "service plan (1 goal, 2 steps)",
        [_time(lambda: service_plan_pdf(plan, letterhead, PRINTED_AT)) for _ in range(rounds)],
    )
    notes = signed_notes(30)
    _report(
        "case notes, 30 signed notes",
        [_time(lambda: case_notes_pdf(notes, letterhead, PRINTED_AT)) for _ in range(rounds)],
    )

    def consent_batch():
        forms = [
            (
                services_consent_story(
                    packet.client, letterhead, PRINTED_AT.date(), consent=consent
                ),
                client_frame(SERVICES_TITLE, packet.client, letterhead, PRINTED_AT),
            )
            for packet in people
        ]
        framed_forms(forms, title="consents")

    batch = [_time(consent_batch) for _ in range(batch_rounds)]
    _report_batch(f"batch of {BATCH} consent-to-services forms in one PDF", batch)
    # What the front desk prints: each client's intake form and consent to services.
    batch = [
        _time(lambda: packets_pdf(people, letterhead, PRINTED_AT)) for _ in range(batch_rounds)
    ]
    _report_batch(f"batch of {BATCH} packets (intake + consent, {BATCH * 3} pages)", batch)


def _report_batch(label: str, samples: list[float]) -> None:
    if samples:
        print(
            f"{label}: median {statistics.median(samples):.2f} s, "
            f"slowest {max(samples):.2f} s over {len(samples)} builds"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--batch-rounds", type=int, default=3)
    arguments = parser.parse_args()
    measure(arguments.rounds, arguments.batch_rounds)


if __name__ == "__main__":
    main()
