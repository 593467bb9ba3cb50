"""Referrals and the community resource directory they draw on: its forms as PDF."""
