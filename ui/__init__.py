"""The PySide6 window: views and Qt models over the services below. No business rules here."""
