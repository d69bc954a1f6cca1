"""audit rows by document and id: the page cache's freshness check

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 08:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_document', ['document_id', 'id'], unique=False)
        batch_op.drop_index('ix_audit_event_document_id')


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_document_id', ['document_id'], unique=False)
        batch_op.drop_index('ix_audit_event_document')
