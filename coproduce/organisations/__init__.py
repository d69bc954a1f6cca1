"""Organisations (public bodies, County Voluntary Councils, community groups) and their members."""
