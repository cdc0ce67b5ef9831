"""What each report says, gathered from the database (the documents themselves are built in exports/)."""
