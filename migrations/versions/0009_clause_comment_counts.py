"""counts of comments per clause, kept by the services

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:14:54.620852

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('clause_comment_count',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('clause_key', sa.String(length=40), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_clause_comment_count_document_id_document')),
    sa.PrimaryKeyConstraint('document_id', 'version_number', 'clause_key', name=op.f('pk_clause_comment_count'))
    )
    # The comments counted so far: visible (neither deleted, held nor hidden); '' for general comments.
    op.execute(
        "INSERT INTO clause_comment_count (document_id, version_number, clause_key, comments) "
        "SELECT document_id, version_number, COALESCE(clause_key, ''), COUNT(*) FROM comment "
        "WHERE deleted_at IS NULL AND moderation = 'visible' "
        "GROUP BY document_id, version_number, COALESCE(clause_key, '')"
    )


def downgrade():
    op.drop_table('clause_comment_count')
