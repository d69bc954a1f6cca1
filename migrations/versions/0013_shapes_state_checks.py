"""states the database enforces: a CHECK constraint on every column that holds a state

Revision ID: 0013_shapes_state_checks
Revises: 0012
Create Date: 2026-12-03 20:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013_shapes_state_checks'
down_revision = '0012'
branch_labels = None
depends_on = None

CATEGORIES = ('abusive', 'personal_information', 'off_topic', 'spam', 'other')
ITEM_TYPES = ('comment', 'amendment')

# table -> column -> the values the models' StrEnums allow, as they were when this migration was written.
STATES = {
    'organisation': {'kind': ('public_body', 'community', 'cvc')},
    'membership': {'role': ('member', 'admin'), 'status': ('pending', 'approved', 'declined')},
    'document': {'kind': ('strategy', 'local_agreement', 'guidance', 'good_practice')},
    'comment': {
        'moderation': ('visible', 'hidden', 'held'),
        'hidden_category': CATEGORIES,
        'stance': ('support', 'concern', 'question', 'suggestion'),
        'channel': ('paper', 'email', 'phone'),
    },
    'amendment': {
        'state': ('open', 'withdrawn', 'superseded'),
        'outcome': ('accepted', 'accepted_with_changes', 'declined'),
        'moderation': ('visible', 'hidden', 'held'),
        'hidden_category': CATEGORIES,
    },
    'amendment_decision': {'outcome': ('accepted', 'accepted_with_changes', 'declined')},
    'report': {'item_type': ITEM_TYPES, 'category': CATEGORIES},
    'moderation_action': {
        'item_type': ITEM_TYPES,
        'action': ('hide', 'restore', 'dismiss', 'redact', 'lock', 'unlock', 'approve', 'suspend',
                   'appeal_upheld', 'appeal_overturned'),
        'category': CATEGORIES,
    },
    'appeal': {'outcome': ('upheld', 'overturned')},
    'outbox_message': {'status': ('queued', 'sending', 'sent', 'failed')},
    'notification_preference': {'email_frequency': ('immediate', 'daily', 'none')},
    'notification': {
        'kind': ('reply', 'official_response', 'new_version', 'closing_soon', 'amendment_decided',
                 'amendment_superseded', 'moderation'),
        'email_state': ('none', 'pending', 'sent'),
    },
}


def upgrade():
    for table, columns in STATES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in columns.items():
                allowed = ", ".join(f"'{value}'" for value in values)
                batch_op.create_check_constraint(op.f(f'ck_{table}_{column}_known'), f'{column} IN ({allowed})')


def downgrade():
    for table, columns in STATES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_constraint(op.f(f'ck_{table}_{column}_known'), type_='check')
