"""Assessments: life-domain scores from 1 (in crisis) to 5 (thriving), first and
follow-up: tables and repositories in SQL."""
