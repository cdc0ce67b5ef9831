"""The question bank, its default content, bank files and the guide builder (no Qt)."""
