"""Article text -> proposed actors and relationships with character spans. No Qt."""
