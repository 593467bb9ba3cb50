"""Cases: their lifecycle and assignment, programs, tasks, the caseload board and My
day: entities, rules and use cases."""
