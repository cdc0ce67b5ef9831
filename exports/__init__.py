"""What leaves the app as files: Word reports, CSV/JSON exports, calendar files, deliveries. No Qt here."""
