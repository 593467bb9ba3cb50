"""Cases: their lifecycle and assignment, programs, tasks, the caseload board and My
day: pages, tabs, dialogs and item models."""
