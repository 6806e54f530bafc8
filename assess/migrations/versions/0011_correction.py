"""補正 windows and contract award reasons

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('correction_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by', sa.String(length=120), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('missing', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_correction_window_project_id_project'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction_window'))
    )
    with op.batch_alter_table('correction_window', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_window_project_id'), ['project_id'], unique=False)
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('award_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('approver', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_column('approver')
        batch_op.drop_column('award_reason')
    with op.batch_alter_table('correction_window', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_window_project_id'))
    op.drop_table('correction_window')
