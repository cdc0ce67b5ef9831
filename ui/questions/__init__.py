"""The Questions area: the question bank, its editor, import and export."""
