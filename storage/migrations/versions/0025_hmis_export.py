"""HMIS CSV export (issue 20): what CaseDesk must hold to send HUD's FY2026 files.

For other features: ``cases.exit_destination`` is the destination at exit (HMIS
3.12), HUD's code as a small integer (domain/hmis_export/codes.py DESTINATION
has the words), asked by the close-case dialog; NULL while a case is open and for
cases closed before this revision. Beside it ``exit_destination_subsidy`` (3.12.A,
only with 435) and ``exit_destination_other`` (the words for 17, "Other").

- programs: the HMIS project descriptors an administrator sets on the program's
  HMIS tab (project type, operating dates, continuum project, housing type, RRH
  subtype, residential affiliation, target population, HOPWA facility, CoC code,
  geocode, geography type, address, funder, grant, HMIS participation), all
  NULL until set.
- cases: ``relationship_to_head`` (3.15) at entry, from the client's household as
  the case opens; existing cases get the client's relationship now (1, "self",
  without a household), which is what CaseDesk knew of them.
- audit_kinds: ``hmis.exported`` and ``hmis.quality_checked`` for supervisors and
  administrators; ``report.viewed`` and ``report.saved`` (the outcome reports) for
  supervisors and caseworkers.
- PostgreSQL: ``hmis_export_clients`` and ``hmis_export_enrollments``, SECURITY
  DEFINER functions that only supervisors and administrators may run, returning
  the rows an export reads (storage/hmis_export/queries.py, the same SQL SQLite
  runs). An administrator's login reads no client record; through these, and
  only these, it exports them (without names, SSNs and dates of birth when the
  export excludes or hashes them: ``p_with_pii``).

Revision ID: 0025
Revises: 0024
Created: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

OWNER = "casedesk_owner"
ADMIN = "casedesk_admin"
SUPERVISOR = "casedesk_supervisor"
CLIENT_WORK = "casedesk_supervisor, casedesk_caseworker, casedesk_frontdesk"

PROGRAM_COLUMNS = (
    ("hmis_project_type", sa.SmallInteger()),
    ("hmis_operating_start", sa.Date()),
    ("hmis_operating_end", sa.Date()),
    ("hmis_continuum_project", sa.SmallInteger()),
    ("hmis_housing_type", sa.SmallInteger()),
    ("hmis_rrh_subtype", sa.SmallInteger()),
    ("hmis_residential_affiliation", sa.SmallInteger()),
    ("hmis_target_population", sa.SmallInteger()),
    ("hmis_hopwa_facility", sa.SmallInteger()),
    ("hmis_coc_code", sa.String(6)),
    ("hmis_geocode", sa.String(6)),
    ("hmis_geography_type", sa.SmallInteger()),
    ("hmis_address", sa.String(100)),
    ("hmis_city", sa.String(50)),
    ("hmis_state", sa.String(2)),
    ("hmis_zip", sa.String(5)),
    ("hmis_funder", sa.SmallInteger()),
    ("hmis_other_funder", sa.String(100)),
    ("hmis_grant_id", sa.String(100)),
    ("hmis_grant_start", sa.Date()),
    ("hmis_grant_end", sa.Date()),
    ("hmis_participation", sa.SmallInteger()),
    ("hmis_participation_start", sa.Date()),
)
CASE_COLUMNS = (
    ("relationship_to_head", sa.SmallInteger()),
    ("exit_destination", sa.SmallInteger()),
    ("exit_destination_subsidy", sa.SmallInteger()),
    ("exit_destination_other", sa.String(50)),
)
DESTINATION_COLUMNS = "exit_destination, exit_destination_subsidy, exit_destination_other"
NEW_KINDS = ("hmis.exported", "hmis.quality_checked")
KIND_ROLES = ("admin", "supervisor")
REPORT_KINDS = ("report.viewed", "report.saved")
REPORT_ROLES = ("supervisor", "caseworker")

# As storage/hmis_export/queries.py renders them for PostgreSQL.
CLIENTS_SQL = """
    SELECT c.id, c.name_order,
           CASE WHEN p_with_pii THEN c.first_name END AS first_name,
           CASE WHEN p_with_pii THEN c.middle_name END AS middle_name,
           CASE WHEN p_with_pii THEN c.last_name END AS last_name,
           CASE WHEN p_with_pii THEN c.suffix END AS suffix,
           c.name_quality,
           CASE WHEN p_with_pii THEN c.ssn END AS ssn,
           c.ssn_quality,
           CASE WHEN p_with_pii THEN c.date_of_birth END AS date_of_birth,
           c.dob_quality, c.sex, c.veteran_status, c.disabling_condition,
           r.race_1, r.race_2, r.race_3, r.race_4, r.race_5, r.race_6, r.race_7, r.race_none,
           c.created_at, c.updated_at, c.updated_by
      FROM clients c
      LEFT JOIN (
          SELECT client_id,
            MAX(CASE WHEN code = 1 THEN 1 ELSE 0 END) AS race_1,
            MAX(CASE WHEN code = 2 THEN 1 ELSE 0 END) AS race_2,
            MAX(CASE WHEN code = 3 THEN 1 ELSE 0 END) AS race_3,
            MAX(CASE WHEN code = 4 THEN 1 ELSE 0 END) AS race_4,
            MAX(CASE WHEN code = 5 THEN 1 ELSE 0 END) AS race_5,
            MAX(CASE WHEN code = 6 THEN 1 ELSE 0 END) AS race_6,
            MAX(CASE WHEN code = 7 THEN 1 ELSE 0 END) AS race_7,
            MAX(CASE WHEN code IN (8, 9, 99) THEN code END) AS race_none
            FROM client_race_ethnicity
           GROUP BY client_id
      ) r ON r.client_id = c.id
     WHERE c.merged_into_id IS NULL
       AND EXISTS (SELECT 1 FROM cases k
                    WHERE k.client_id = c.id
                      AND k.program_id = ANY (p_programs)
           AND k.opened_on <= p_end
           AND (k.closed_on IS NULL OR k.closed_on >= p_start))
     ORDER BY c.id
"""
ENROLLMENTS_SQL = """
    SELECT k.id, k.client_id, k.program_id, k.opened_on, k.closed_on, k.relationship_to_head,
           CASE WHEN k.relationship_to_head <> 1 AND c.household_id IS NOT NULL THEN
               (SELECT MIN(h.id)
                  FROM clients hc JOIN cases h ON h.client_id = hc.id
                 WHERE hc.household_id = c.household_id
                   AND h.program_id = k.program_id
                   AND h.relationship_to_head = 1
                   AND h.opened_on <= COALESCE(k.closed_on, p_end)
                   AND (h.closed_on IS NULL OR h.closed_on >= k.opened_on))
           END AS head_case_id,
           k.exit_destination, k.exit_destination_subsidy, k.exit_destination_other,
           k.created_at, k.updated_at, k.updated_by
      FROM cases k JOIN clients c ON c.id = k.client_id
     WHERE c.merged_into_id IS NULL AND k.program_id = ANY (p_programs)
           AND k.opened_on <= p_end
           AND (k.closed_on IS NULL OR k.closed_on >= p_start)
     ORDER BY k.id
"""
CLIENT_RESULT = (
    "id bigint, name_order varchar, first_name varchar, middle_name varchar, "
    "last_name varchar, suffix varchar, name_quality smallint, ssn varchar, "
    "ssn_quality smallint, date_of_birth date, dob_quality smallint, sex smallint, "
    "veteran_status smallint, disabling_condition smallint, race_1 integer, "
    "race_2 integer, race_3 integer, race_4 integer, race_5 integer, race_6 integer, "
    "race_7 integer, race_none smallint, created_at timestamptz, updated_at timestamptz, "
    "updated_by varchar"
)
ENROLLMENT_RESULT = (
    "id bigint, client_id bigint, program_id bigint, opened_on date, closed_on date, "
    "relationship_to_head smallint, head_case_id bigint, exit_destination smallint, "
    "exit_destination_subsidy smallint, exit_destination_other varchar, "
    "created_at timestamptz, updated_at timestamptz, updated_by varchar"
)
CLIENT_ARGUMENTS = "p_start date, p_end date, p_programs bigint[], p_with_pii boolean"
ENROLLMENT_ARGUMENTS = "p_start date, p_end date, p_programs bigint[]"


def _function(schema: str, name: str, arguments: str, result: str, body: str) -> str:
    return f"""
CREATE FUNCTION {name}({arguments}) RETURNS TABLE ({result})
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $fn$
#variable_conflict use_column
BEGIN
    IF NOT (pg_has_role(session_user, '{SUPERVISOR}', 'MEMBER')
            OR pg_has_role(session_user, '{ADMIN}', 'MEMBER')) THEN
        RAISE EXCEPTION 'Only supervisors and administrators export HMIS data.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY {body};
END
$fn$"""


def _owner_schema() -> str:
    user, schema = op.get_bind().exec_driver_sql("SELECT current_user, current_schema()").one()
    if user != OWNER:
        raise RuntimeError(
            "This migration must run as casedesk_owner: use `python main.py "
            "db upgrade`, which does."
        )
    return schema


def _run(statements: list[str]) -> None:
    # Through the driver, so that '%' in the functions reaches PostgreSQL untouched.
    cursor = op.get_bind().connection.driver_connection.cursor()
    for statement in statements:
        cursor.execute(statement)


def _functions(schema: str) -> list[str]:
    made = []
    for name, arguments, result, body in (
        ("hmis_export_clients", CLIENT_ARGUMENTS, CLIENT_RESULT, CLIENTS_SQL),
        ("hmis_export_enrollments", ENROLLMENT_ARGUMENTS, ENROLLMENT_RESULT, ENROLLMENTS_SQL),
    ):
        signature = f"{name}({arguments})"
        made += [
            _function(schema, name, arguments, result, body.strip()),
            f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC",
            f"GRANT EXECUTE ON FUNCTION {signature} TO {SUPERVISOR}, {ADMIN}",
        ]
    return made


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    schema = _owner_schema() if postgres else ""
    for name, kind in PROGRAM_COLUMNS:
        op.add_column("programs", sa.Column(name, kind, nullable=True))
    for name, kind in CASE_COLUMNS:
        op.add_column("cases", sa.Column(name, kind, nullable=True))
    if postgres:
        # The backfill below is no change anyone works on: no desk is told of it
        # (the audit trail still records each row, as it does every change).
        _run(["ALTER TABLE cases DISABLE TRIGGER cases_announce"])
    op.execute(
        "UPDATE cases SET relationship_to_head = COALESCE((SELECT c.relationship_to_head "
        "FROM clients c WHERE c.id = cases.client_id AND c.household_id IS NOT NULL), 1)"
    )
    kinds = sa.table("audit_kinds", sa.column("role"), sa.column("action"))
    op.bulk_insert(kinds, [{"role": r, "action": a} for r in KIND_ROLES for a in NEW_KINDS])
    op.bulk_insert(kinds, [{"role": r, "action": a} for r in REPORT_ROLES for a in REPORT_KINDS])
    if not postgres:
        return
    hmis = ", ".join(name for name, _ in PROGRAM_COLUMNS)
    _run(
        [
            "ALTER TABLE cases ENABLE TRIGGER cases_announce",
            f"GRANT INSERT ({hmis}) ON programs TO {ADMIN}",
            f"GRANT UPDATE ({hmis}) ON programs TO {ADMIN}",
            f"GRANT INSERT (relationship_to_head) ON cases TO {CLIENT_WORK}",
            f"GRANT UPDATE ({DESTINATION_COLUMNS}) ON cases TO {SUPERVISOR}",
            *_functions(schema),
        ]
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _owner_schema()
        _run(
            [
                f"DROP FUNCTION hmis_export_clients({CLIENT_ARGUMENTS})",
                f"DROP FUNCTION hmis_export_enrollments({ENROLLMENT_ARGUMENTS})",
            ]
        )
    kinds = ", ".join(f"'{kind}'" for kind in NEW_KINDS + REPORT_KINDS)
    op.execute(f"DELETE FROM audit_kinds WHERE action IN ({kinds})")
    with op.batch_alter_table("cases") as batch:
        for name, _ in reversed(CASE_COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("programs") as batch:
        for name, _ in reversed(PROGRAM_COLUMNS):
            batch.drop_column(name)
