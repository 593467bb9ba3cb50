"""The Assessments tab: scores side by side, the trend chart, and recording a
follow-up assessment through its dialog, for a client assessed four times in a year."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel

from domain.assessments.assessment import SCORE_LABELS, AssessmentForm, AssessmentKind, LifeDomain
from domain.cases.programs import ProgramForm
from domain.clients.intake import IntakeForm
from domain.clients.record import ClientForm
from domain.common.policy import Role
from domain.consents.consent import ServiceConsentForm
from gui.assessments.follow_up_dialog import FollowUpAssessmentDialog
from gui.assessments.score_trend_chart import SERIES_COLOURS
from gui.assessments.tab import DOMAINS
from gui.clients.record_window import ClientWindow
from tests.gui.clients.test_intake_window import shot
from tests.gui.test_main_window import type_text

H, IN, E, F, HE, MH, SU, CC, T, L, S, ED, SN = DOMAINS
# A year of work with Amara: four assessments; legal not scored in February,
# education not in June (each leaves a gap in its line).
YEAR = (
    (
        "11/24/2025",
        {H: 1, IN: 2, E: 1, F: 2, HE: 3, MH: 2, SU: 4, CC: 2, T: 2, L: 3, S: 3, ED: 3, SN: 4},
        {H: "Eviction notice for the 30th"},
        "Close to her sister; keeps every appointment.",
        "Rent arrears of two months.\nChildcare while at work.",
    ),
    (
        "02/20/2026",
        {H: 2, IN: 2, E: 2, F: 3, HE: 3, MH: 3, SU: 4, CC: 3, T: 2, S: 4, ED: 3, SN: 4},
        {H: "Motel voucher, on the housing list"},
        "Started a food-handling course.",
        "Steady housing.",
    ),
    (
        "06/15/2026",
        {H: 3, IN: 3, E: 3, F: 4, HE: 3, MH: 3, SU: 5, CC: 3, T: 3, L: 4, S: 4, SN: 4},
        {},
        "Part-time job at the bakery.",
        "A car, or a bus pass, for the early shift.",
    ),
    (
        "11/10/2026",
        {H: 4, IN: 3, E: 4, F: 4, HE: 4, MH: 4, SU: 5, CC: 4, T: 3, L: 4, S: 5, ED: 4, SN: 5},
        {H: "Lease signed in March", E: "Full time since October"},
        "Full-time work; the children settled at school.",
        "Savings for the deposit on a bigger flat.",
    ),
)


@pytest.fixture
def amara(services, admin, actor, make_staff, clock):
    """Amara's case with Maria, and her four assessments: the intake's, then three reviews."""
    supervisor = make_staff(Role.SUPERVISOR, "dlee", "Dana Lee")
    maria = make_staff(Role.CASEWORKER, "mgarcia", "Maria Garcia")
    program = services.programs.create(admin, ProgramForm("Rapid rehousing", "", "90"))
    today = clock.now
    clock.now = datetime(2025, 11, 24, 15, 0, tzinfo=UTC)  # the intake, a year ago
    (_day, scores, notes, strengths, needs), *reviews = YEAR
    result = services.intake.complete(
        actor,
        IntakeForm(
            client=ClientForm(first_name="Amara", last_name="Okafor", date_of_birth="04/12/1990"),
            assessment=AssessmentForm("", scores, notes, strengths, needs),
            consent=ServiceConsentForm(given=True),
            program_id=program.id,
        ),
    )
    case = services.cases.get(supervisor, result.case_id)
    services.cases.assign(supervisor, case.id, maria.staff_id, case.version)
    clock.now = today
    for day, scores, notes, strengths, needs in reviews:
        services.assessments.record(
            maria, case.id, AssessmentForm(day, scores, notes, strengths, needs)
        )
    return {"client": result.client, "case_id": case.id, "maria": maria, "dana": supervisor}


def open_tab(qtbot, runner, services, who, client_id, columns: int):
    record = ClientWindow(runner, services, who, services.clients.open(who, client_id))
    qtbot.addWidget(record)
    record.show()
    record.tabs.setCurrentWidget(record.assessments)
    tab = record.assessments
    qtbot.waitUntil(lambda: tab.model.columnCount() == columns)
    return record, tab


def cell(tab, domain: LifeDomain, column: int, role=Qt.ItemDataRole.DisplayRole):
    return tab.model.index(DOMAINS.index(domain), column).data(role)


def test_the_history_shows_each_score_in_its_domain_and_date(qtbot, runner, services, amara):
    record, tab = open_tab(qtbot, runner, services, amara["maria"], amara["client"].id, 5)
    heads = [
        tab.model.headerData(c, Qt.Orientation.Horizontal).replace("\n", " ") for c in range(5)
    ]
    assert heads == [
        "11/24/2025 Initial",
        "02/20/2026 Review",
        "06/15/2026 Review",
        "11/10/2026 Review",
        "Change since first",
    ]
    for column, (_day, scores, notes, _s, _n) in enumerate(YEAR):
        for domain in LifeDomain:
            score = scores.get(domain)
            shown = cell(tab, domain, column)
            if score is None:
                assert shown == "—"
                continue
            assert shown == f"{score} ✎" if domain in notes else shown == str(score)
            tip = cell(tab, domain, column, Qt.ItemDataRole.ToolTipRole)
            assert tip.startswith(f"{score} · {SCORE_LABELS[score]}")
            assert notes.get(domain, "") in tip
    assert cell(tab, H, 0, Qt.ItemDataRole.ForegroundRole) != cell(
        tab, H, 3, Qt.ItemDataRole.ForegroundRole
    )  # 1 (in crisis) and 4 (building capacity) differ, beside their numbers
    assert [cell(tab, d, 4) for d in (H, IN, SU, T, L, ED)] == [
        "▲ +3",
        "▲ +1",
        "▲ +1",
        "▲ +1",
        "▲ +1",
        "▲ +1",
    ]
    assert cell(tab, H, 4, Qt.ItemDataRole.ToolTipRole) == (
        "From 1 (In crisis) on 11/24/2025 to 4 (Building capacity) on 11/10/2026"
    )

    # The newest assessment is shown below; housing, its first domain, is charted.
    assert "Savings for the deposit" in tab.details.toPlainText()
    assert "Lease signed in March" in tab.details.toPlainText()
    assert tab.chart.domains() == [H]
    assert [p.score for p in tab.chart.plotted_points()] == [1, 2, 3, 4]
    record.resize(1180, 760)
    shot(record, "assessments-history-housing")

    # Picking the February column shows its strengths and needs; Ctrl-clicking charts more.
    tab.table.setCurrentIndex(tab.model.index(DOMAINS.index(L), 1))
    assert "food-handling course" in tab.details.toPlainText()
    assert "Steady housing." in tab.details.toPlainText()
    assert tab.chart.domains() == [L]
    assert [p.score for p in tab.chart.plotted_points()] == [3, 4, 4]  # February's gap
    assert len(tab.chart.segments()) == 1  # only June to November is joined
    selection = tab.table.selectionModel()
    for domain in (E, T):
        selection.select(
            tab.model.index(DOMAINS.index(domain), 3), QItemSelectionModel.SelectionFlag.Select
        )
    assert tab.chart.domains() == [E, T, L]
    shot(record, "assessments-history-three-domains")
    record.resize(860, 620)  # the window's own size
    shot(record, "assessments-history-default-size")


def test_the_chart_places_each_score_where_its_date_and_value_say(qtbot):
    chart = chart_with(qtbot, [])
    assert chart.plotted_points() == [] and chart.segments() == []
    chart.grab()  # paints its empty state without error

    one = [made(1, date(2026, 3, 1), {H: 2})]
    chart = chart_with(qtbot, one, [H])
    area = chart.plot_area()
    [point] = chart.plotted_points()
    assert (point.x, point.y) == pytest.approx(
        (area.center().x(), area.top() + 0.75 * area.height())
    )
    assert chart.segments() == []
    assert_painted(chart, [point], SERIES_COLOURS[0])

    many = [
        made(1, date(2025, 11, 24), {H: 1, L: 3}),
        made(2, date(2026, 2, 20), {H: 2}),
        made(3, date(2026, 6, 15), {H: 3, L: 4}),
        made(4, date(2026, 11, 10), {H: 5, L: 4}),
    ]
    chart = chart_with(qtbot, list(reversed(many)), [H])  # any order in, oldest first drawn
    area = chart.plot_area()
    points = chart.plotted_points()
    span = (date(2026, 11, 10) - date(2025, 11, 24)).days
    left, width = area.left() + 22, area.width() - 44  # the inner padding
    for point, assessment in zip(points, many, strict=True):
        days = (assessment.assessed_on - date(2025, 11, 24)).days
        assert point.x == pytest.approx(left + days / span * width)
        expected_y = area.bottom() - (point.score - 1) / 4 * area.height()
        assert point.y == pytest.approx(expected_y)
    assert points[0].y == pytest.approx(area.bottom()) and points[-1].y == pytest.approx(area.top())
    assert [(a.score, b.score) for a, b in chart.segments()] == [(1, 2), (2, 3), (3, 5)]
    assert_painted(chart, points, SERIES_COLOURS[0])

    # A second domain: its points sit a little to the side, and February leaves a gap.
    chart.set_domains([H, L])
    housing, legal = chart.plotted_points()[:4], chart.plotted_points()[4:]
    assert [p.score for p in legal] == [3, 4, 4]
    assert legal[0].x - housing[0].x == pytest.approx(5.0)
    assert [(a.assessed_on.month, b.assessed_on.month) for a, b in chart.segments()[3:]] == [
        (6, 11)
    ]
    assert_painted(chart, legal, SERIES_COLOURS[1])
    assert "Legal: 3 on 11/24/2025, 4 on 06/15/2026, 4 on 11/10/2026" in chart.describe()

    chart.set_domains([ED])  # never scored: said in the legend, nothing plotted
    assert chart.plotted_points() == []
    chart.grab()


def made(number: int, on: date, scores: dict[LifeDomain, int]):
    from domain.assessments.assessment import Assessment

    return Assessment(
        assessed_on=on,
        kind=AssessmentKind.REVIEW,
        scores=tuple((d, s, "") for d, s in scores.items()),
        strengths="",
        needs="",
        id=number,
        version=1,
        client_id=1,
        case_id=1,
        recorded_by="mgarcia",
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def chart_with(qtbot, assessments, domains=()):
    from gui.assessments.score_trend_chart import ScoreTrendChart

    chart = ScoreTrendChart()
    qtbot.addWidget(chart)
    chart.resize(420, 300)
    chart.set_assessments(assessments)
    chart.set_domains(domains)
    return chart


def assert_painted(chart, points, colour: str) -> None:
    """The marker's centre pixel in the rendered chart has the series' colour."""
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    for point in points:
        seen = image.pixelColor(round(point.x * ratio), round(point.y * ratio))
        wanted = QColor(colour)
        assert (
            max(
                abs(seen.red() - wanted.red()),
                abs(seen.green() - wanted.green()),
                abs(seen.blue() - wanted.blue()),
            )
            < 40
        ), (point, seen.name())


def test_a_caseworker_records_a_follow_up_and_the_history_refreshes(qtbot, runner, services, amara):
    _record, tab = open_tab(qtbot, runner, services, amara["maria"], amara["client"].id, 5)
    qtbot.waitUntil(tab.record_button.isEnabled)
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, FollowUpAssessmentDialog))
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible)
    # The scores start at November's; the date at today.
    assert dialog.inputs.scores[H].score() == 4 and dialog.inputs.scores[ED].score() == 4
    assert dialog.assessed_on.text() == "11/23/2026"
    assert "review assessment of 11/10/2026" in dialog.intro.text()
    shot(dialog, "assessments-follow-up-dialog")

    dialog.assessed_on.setText("12/01/2026")  # tomorrow and later: refused, beside the date
    dialog.inputs.scores[H].setFocus()
    qtbot.keyClick(dialog.inputs.scores[H], Qt.Key.Key_Down)  # 4 -> 5
    dialog.inputs.needs.setFocus()
    type_text(dialog.inputs.needs, "Nothing urgent.")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    message = dialog.findChild(QLabel, "assessed_on_message")
    qtbot.waitUntil(message.isVisible)
    assert message.text() == "An assessment cannot be dated in the future."
    assert (
        dialog.isVisible()
        and len(services.records.assessments(amara["dana"], amara["client"].id)) == 4
    )

    dialog.assessed_on.setText("11/20/2026")
    with qtbot.waitSignal(tab.recorded, timeout=5000) as saved:
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    assert saved.args[0].kind is AssessmentKind.REVIEW
    qtbot.waitUntil(lambda: tab.model.columnCount() == 6)
    assert not dialog.isVisible()
    assert tab.model.headerData(4, Qt.Orientation.Horizontal).startswith("11/20/2026")
    assert cell(tab, H, 4) == "5" and cell(tab, H, 5) == "▲ +4"
    assert "Nothing urgent." in tab.details.toPlainText()
    assert [p.score for p in tab.chart.plotted_points()] == [1, 2, 3, 4, 5]
    [newest, *_] = services.records.assessments(amara["dana"], amara["client"].id)
    assert (newest.assessed_on, newest.score_of(H), newest.recorded_by) == (
        date(2026, 11, 20),
        5,
        "mgarcia",
    )
    QApplication.processEvents()


def test_only_those_who_work_the_case_are_offered_a_follow_up(
    qtbot, runner, services, amara, actor
):
    _record, tab = open_tab(qtbot, runner, services, actor, amara["client"].id, 5)
    assert not tab.record_button.isVisibleTo(tab)  # the front desk: not at all

    _record, tab = open_tab(qtbot, runner, services, amara["dana"], amara["client"].id, 5)
    qtbot.waitUntil(tab.record_button.isEnabled)  # a supervisor: any open case

    # A caseworker sees no client of someone else's; on a closed case no one assesses.
    case = services.cases.get(amara["dana"], amara["case_id"])
    services.cases.close(amara["dana"], case.id, case.version, "goals_met", "achieved")
    _record, tab = open_tab(qtbot, runner, services, amara["dana"], amara["client"].id, 5)
    qtbot.waitUntil(lambda: bool(tab.record_hint.text()))
    assert not tab.record_button.isEnabled()
    assert tab.record_hint.text() == "No open case of yours for this client to assess."
