"""Outcome reports for supervisors (the office) and caseworkers (their caseload): who
was served, how cases ended, what changed for clients, and what the paperwork cost."""
