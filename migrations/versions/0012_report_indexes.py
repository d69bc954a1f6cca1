"""indexes for the response report: a version's threads by clause, and their answers

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_counts')
        batch_op.create_index('ix_comment_counts', ['document_id', 'version_number', 'parent_id', 'moderation',
                                                    'clause_key'], unique=False)
        batch_op.create_index('ix_comment_answers', ['root_id', 'moderation', 'is_official', 'deleted_at',
                                                     'organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_answers')
        batch_op.drop_index('ix_comment_counts')
        batch_op.create_index('ix_comment_counts', ['document_id', 'version_number', 'clause_key'], unique=False)
