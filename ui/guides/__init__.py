"""The guide builder: build, edit, time, save and print an interview guide (``builder.open_guide_builder``)."""
