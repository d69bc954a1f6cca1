"""Journeys through the site in a real Chromium, with an accessibility check on every page."""
