"""stages: questionnaire versions per stage, the contract-start round, the city's party names

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_OLD_TRIGGERS = "trigger IN ('cycle', 'incident', 'subcontract', 'certificate', 'other')"
_NEW_TRIGGERS = "trigger IN ('start', 'cycle', 'incident', 'subcontract', 'certificate', 'other')"


def upgrade():
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sa.String(length=12), server_default='selection', nullable=False))
        batch_op.drop_constraint(op.f('uq_questionnaire_version_project_id_number'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_questionnaire_version_project_id_stage_number'),
                                          ['project_id', 'stage', 'number'])
        batch_op.create_check_constraint(op.f('ck_questionnaire_version_stage'), "stage IN ('selection', 'operations')")
    with op.batch_alter_table('review_round', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_review_round_trigger'), type_='check')
        batch_op.create_check_constraint(op.f('ck_review_round_trigger'), _NEW_TRIGGERS)
    with op.batch_alter_table('city', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parties', sa.String(length=10), server_default='itaku', nullable=False))
        batch_op.create_check_constraint(op.f('ck_city_parties'), "parties IN ('itaku', 'hatchu', 'kouotsu')")


def downgrade():
    with op.batch_alter_table('city', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_city_parties'), type_='check')
        batch_op.drop_column('parties')
    with op.batch_alter_table('review_round', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_review_round_trigger'), type_='check')
        batch_op.create_check_constraint(op.f('ck_review_round_trigger'), _OLD_TRIGGERS)
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_questionnaire_version_stage'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_questionnaire_version_project_id_stage_number'), type_='unique')
        batch_op.create_unique_constraint(op.f('uq_questionnaire_version_project_id_number'), ['project_id', 'number'])
        batch_op.drop_column('stage')
