"""meeting record: the kind of meeting (which checklist lines), its 回次, 作成者, 次回開催予定, 配付先

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_KINDS = "kind IN ('routine', 'quarterly', 'yearly', 'inspection', 'contract')"


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=12), server_default='routine', nullable=False))
        batch_op.add_column(sa.Column('author', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('next_meeting', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('distribution', sa.Text(), server_default='', nullable=False))
        batch_op.create_check_constraint(op.f('ck_meeting_kind'), _KINDS)

    # Existing meetings: 第1回, 第2回, … per contract in the order they were held.
    conn = op.get_bind()
    meeting = sa.table('meeting', sa.column('id', sa.Integer), sa.column('contract_id', sa.Integer),
                       sa.column('held_on', sa.Date), sa.column('number', sa.Integer))
    rows = conn.execute(sa.select(meeting.c.id, meeting.c.contract_id)
                        .order_by(meeting.c.contract_id, meeting.c.held_on, meeting.c.id)).all()
    counters: dict[int, int] = {}
    for meeting_id, contract_id in rows:
        counters[contract_id] = counters.get(contract_id, 0) + 1
        conn.execute(meeting.update().where(meeting.c.id == meeting_id).values(number=counters[contract_id]))

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_meeting_contract_id_number'), ['contract_id', 'number'])


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_meeting_contract_id_number'), type_='unique')
        batch_op.drop_constraint(op.f('ck_meeting_kind'), type_='check')
        batch_op.drop_column('distribution')
        batch_op.drop_column('next_meeting')
        batch_op.drop_column('author')
        batch_op.drop_column('kind')
        batch_op.drop_column('number')
