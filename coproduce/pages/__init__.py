"""The home page, information pages and the language switch."""
