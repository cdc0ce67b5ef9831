"""The monthly review: a month's data, its two patterns, and the actions agreed, in the 30-minute agenda."""
