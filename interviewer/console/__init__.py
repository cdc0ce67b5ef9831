"""The live interview: timers, pace against the plan, what the call records, and the wrap-up (no Qt)."""
