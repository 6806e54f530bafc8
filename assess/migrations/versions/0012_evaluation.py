"""the selection committee's evaluation record; the city's 決裁欄 labels

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_to', sa.Date(), nullable=True),
    sa.Column('evaluated_on', sa.Date(), nullable=True),
    sa.Column('chosen_invitation_id', sa.Integer(), nullable=True),
    sa.Column('conclusion', sa.Text(), nullable=False),
    sa.Column('overall_comment', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chosen_invitation_id'], ['invitation.id'],
                            name=op.f('fk_evaluation_chosen_invitation_id_invitation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_evaluation_project_id_project'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation')),
    sa.UniqueConstraint('project_id', name=op.f('uq_evaluation_project_id'))
    )
    op.create_table('committee_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'],
                            name=op.f('fk_committee_member_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_member'))
    )
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_member_evaluation_id'), ['evaluation_id'], unique=False)
    op.create_table('candidate_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'],
                            name=op.f('fk_candidate_comment_evaluation_id_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'],
                            name=op.f('fk_candidate_comment_invitation_id_invitation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_comment')),
    sa.UniqueConstraint('evaluation_id', 'invitation_id', name=op.f('uq_candidate_comment_evaluation_id_invitation_id'))
    )
    with op.batch_alter_table('candidate_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_comment_invitation_id'), ['invitation_id'], unique=False)
    with op.batch_alter_table('city', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_labels', sa.String(length=200), server_default='起案者／係長／課長',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('city', schema=None) as batch_op:
        batch_op.drop_column('approval_labels')
    with op.batch_alter_table('candidate_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_comment_invitation_id'))
    op.drop_table('candidate_comment')
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_member_evaluation_id'))
    op.drop_table('committee_member')
    op.drop_table('evaluation')
