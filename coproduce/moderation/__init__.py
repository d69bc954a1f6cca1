"""Moderation by County Voluntary Councils: reports, held comments, hiding, appeals, the log."""
