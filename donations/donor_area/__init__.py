"""What a signed-in donor does with their own records: monthly gifts, and their data."""
