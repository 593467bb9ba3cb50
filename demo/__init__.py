"""The demo office: fictional staff and clients for trying CaseDesk out (`--demo`) and
for benchmarks. Not the domain's vocabulary: it only uses the domain's services."""
