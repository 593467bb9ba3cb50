"""What every feature of the domain uses: the actor, errors, the clock, field rules,
the access policy and its guard, and the unit-of-work protocol (which composes
every feature's repository protocol)."""
