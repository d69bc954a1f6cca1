"""Every blueprint of the site, registered in one place."""

from flask import Flask

from coproduce.accounts.views import bp as accounts_bp
from coproduce.admin.views import bp as admin_bp
from coproduce.amendments.report_views import bp as reports_bp
from coproduce.amendments.views import bp as amendments_bp
from coproduce.audit.views import bp as audit_bp
from coproduce.comments.views import bp as comments_bp
from coproduce.documents.draft_views import bp as drafts_bp
from coproduce.documents.views import bp as documents_bp
from coproduce.moderation.views import bp as moderation_bp
from coproduce.notifications.views import bp as notifications_bp
from coproduce.organisations.views import bp as organisations_bp
from coproduce.pages.views import bp as pages_bp
from coproduce.signoff.views import bp as signoff_bp

BLUEPRINTS = (pages_bp, accounts_bp, organisations_bp, admin_bp, documents_bp, drafts_bp, comments_bp,
              notifications_bp, amendments_bp, reports_bp, signoff_bp, audit_bp, moderation_bp)


def init_app(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
