"""Cases: their lifecycle and assignment, programs, tasks, the caseload board and My
day: tables and repositories in SQL."""
