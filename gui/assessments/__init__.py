"""Assessments: life-domain scores from 1 (in crisis) to 5 (thriving), first and
follow-up: pages, tabs, dialogs and item models."""
