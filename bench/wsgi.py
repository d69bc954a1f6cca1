"""The app as gunicorn serves it for the benchmark (server.py starts it).

Production settings from the environment (COPRODUCE_ENV=production,
COPRODUCE_DATABASE_URL, COPRODUCE_SECRET_KEY) with server.SETTINGS on top.
"""

from server import SETTINGS

from coproduce import create_app

app = create_app(dict(SETTINGS))
