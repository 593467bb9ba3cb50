"""The two queries an HMIS export reads: its clients and its enrollments (cases).

Written once, in SQL that SQLite and PostgreSQL both run. On the embedded file
they run as they stand. On a shared server they are the bodies of migration
0025's SECURITY DEFINER functions (``hmis_export_clients``,
``hmis_export_enrollments``): an administrator's login may not read client
records, yet exports them, and only supervisors and administrators may call
the functions. The placeholders are the parameters: bound values on SQLite,
the functions' arguments on PostgreSQL. A changed query needs a migration that
replaces its function (tests/storage/hmis_export checks the server runs this text).
"""

from __future__ import annotations

# A case is in the export when it is in one of the programs and its time in the
# program (opened to closed, or to now) meets the period.
ENROLLED = (
    "k.program_id {in_programs}\n"
    "       AND k.opened_on <= {end}\n"
    "       AND (k.closed_on IS NULL OR k.closed_on >= {start})"
)

RACE_CODES = (1, 2, 3, 4, 5, 6, 7)

_RACE_FLAGS = ",\n".join(
    f"        MAX(CASE WHEN code = {code} THEN 1 ELSE 0 END) AS race_{code}" for code in RACE_CODES
)

CLIENTS = f"""
SELECT c.id, c.name_order,
       CASE WHEN {{with_pii}} THEN c.first_name END AS first_name,
       CASE WHEN {{with_pii}} THEN c.middle_name END AS middle_name,
       CASE WHEN {{with_pii}} THEN c.last_name END AS last_name,
       CASE WHEN {{with_pii}} THEN c.suffix END AS suffix,
       c.name_quality,
       CASE WHEN {{with_pii}} THEN c.ssn END AS ssn,
       c.ssn_quality,
       CASE WHEN {{with_pii}} THEN c.date_of_birth END AS date_of_birth,
       c.dob_quality, c.sex, c.veteran_status, c.disabling_condition,
       {", ".join(f"r.race_{code}" for code in RACE_CODES)}, r.race_none,
       c.created_at, c.updated_at, c.updated_by
  FROM clients c
  LEFT JOIN (
      SELECT client_id,
{_RACE_FLAGS},
        MAX(CASE WHEN code IN (8, 9, 99) THEN code END) AS race_none
        FROM client_race_ethnicity
       GROUP BY client_id
  ) r ON r.client_id = c.id
 WHERE c.merged_into_id IS NULL
   AND EXISTS (SELECT 1 FROM cases k
                WHERE k.client_id = c.id
                  AND {ENROLLED})
 ORDER BY c.id
"""

# A household member's enrollment belongs to the household of the head's case in
# the same program whose time meets theirs (HMIS HouseholdID); a head, or a
# member whose head has no such case, is a household of their own.
ENROLLMENTS = f"""
SELECT k.id, k.client_id, k.program_id, k.opened_on, k.closed_on, k.relationship_to_head,
       CASE WHEN k.relationship_to_head <> 1 AND c.household_id IS NOT NULL THEN
           (SELECT MIN(h.id)
              FROM clients hc JOIN cases h ON h.client_id = hc.id
             WHERE hc.household_id = c.household_id
               AND h.program_id = k.program_id
               AND h.relationship_to_head = 1
               AND h.opened_on <= COALESCE(k.closed_on, {{end}})
               AND (h.closed_on IS NULL OR h.closed_on >= k.opened_on))
       END AS head_case_id,
       k.exit_destination, k.exit_destination_subsidy, k.exit_destination_other,
       k.created_at, k.updated_at, k.updated_by
  FROM cases k JOIN clients c ON c.id = k.client_id
 WHERE c.merged_into_id IS NULL AND {ENROLLED}
 ORDER BY k.id
"""

# How each backend fills the placeholders.
SQLITE = {
    "start": ":start",
    "end": ":end",
    "in_programs": "IN :programs",
    "with_pii": "(:with_pii = 1)",
}
POSTGRES = {
    "start": "p_start",
    "end": "p_end",
    "in_programs": "= ANY (p_programs)",
    "with_pii": "p_with_pii",
}


def rendered(query: str, backend: dict[str, str]) -> str:
    return query.format(**backend)
