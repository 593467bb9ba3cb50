"""Clients in SQL: the record, race and ethnicity, search words, match keys, households, merges."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    false,
)

from storage.common.metadata import Id, Word, metadata

households = Table(
    "households",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
)


clients = Table(
    "clients",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("date_of_birth", Date, nullable=True),
    Column("phone", String(40), nullable=True),
    Column("phone_digits", String(15), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("middle_name", String(100), nullable=True),
    Column("suffix", String(20), nullable=True),
    Column("preferred_name", String(100), nullable=True),
    # HMIS data-quality and answer codes (domain/clients/hmis.py).
    Column("name_quality", SmallInteger, nullable=False, server_default="1"),
    # given_first or family_first (domain/clients/name_order.py); NULL: by the name's script.
    Column("name_order", String(12), nullable=True),
    Column("dob_quality", SmallInteger, nullable=False, server_default="99"),
    Column("ssn", String(9), nullable=True),
    Column("ssn_last4", String(4), nullable=True),
    Column("ssn_quality", SmallInteger, nullable=False, server_default="99"),
    Column("sex", SmallInteger, nullable=False, server_default="99"),
    Column("veteran_status", SmallInteger, nullable=False, server_default="99"),
    Column("disabling_condition", SmallInteger, nullable=False, server_default="99"),
    Column("email", String(254), nullable=True),
    Column("address_line1", String(100), nullable=True),
    Column("address_line2", String(100), nullable=True),
    Column("city", String(60), nullable=True),
    Column("state", String(2), nullable=True),
    Column("postal_code", String(10), nullable=True),
    Column("language", String(40), nullable=True),
    Column("interpreter_needed", Boolean, nullable=False, server_default=false()),
    Column("emergency_name", String(100), nullable=True),
    Column("emergency_phone", String(40), nullable=True),
    Column("emergency_relationship", String(40), nullable=True),
    Column("household_id", Id, ForeignKey("households.id"), nullable=True),
    Column("relationship_to_head", SmallInteger, nullable=True),
    # Set when a supervisor merged this record into another (undoable).
    Column("merged_into_id", Id, ForeignKey("clients.id"), nullable=True),
    # The desk's id for the save that made the row: a retry finds it (migration 0024).
    Column("request_id", String(36), nullable=True),
    Index(None, "last_name", "first_name", "id"),
    Index(None, "date_of_birth"),
    Index(None, "ssn_last4"),
    Index(None, "household_id"),
    Index(None, "request_id", unique=True),
)


client_race_ethnicity = Table(
    "client_race_ethnicity",
    metadata,
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True),
    Column("code", SmallInteger, primary_key=True),
)


client_search_words = Table(
    "client_search_words",
    metadata,
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True),
    Column("word", Word, primary_key=True),
    Index(None, "word", "client_id"),
)


client_match_keys = Table(
    "client_match_keys",
    metadata,
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True),
    Column("key", String(80), primary_key=True),
    Index(None, "key", "client_id"),
)


client_merges = Table(
    "client_merges",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("survivor_id", Id, ForeignKey("clients.id"), nullable=False),
    Column("merged_id", Id, ForeignKey("clients.id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("moved_case_ids", Text, nullable=False, server_default=""),
    Column("merged_at", DateTime(timezone=True), nullable=False),
    Column("merged_by", String(100), nullable=False),
    Column("undone_at", DateTime(timezone=True), nullable=True),
    Column("undone_by", String(100), nullable=True),
    # JSON: what undoing needs beyond the cases (storage/clients/merge_rules.py).
    Column("detail", Text, nullable=False, server_default=""),
)
