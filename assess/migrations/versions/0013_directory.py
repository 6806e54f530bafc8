"""directory sign-in (source of an account, its DN, when a session was last verified) and
pending vendor imports (parsed rows kept between the preview and the confirmation)

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('auth_source', sa.String(length=20), server_default='local', nullable=False))
        batch_op.add_column(sa.Column('directory_dn', sa.String(length=500), nullable=True))
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255), nullable=True)
        batch_op.create_index(batch_op.f('ix_staff_user_directory_dn'), ['directory_dn'], unique=False)
        batch_op.create_check_constraint(op.f('ck_staff_user_auth_source'), "auth_source IN ('local', 'directory')")
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verified_at', sa.DateTime(), nullable=True))
    op.create_table('vendor_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('rows', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['staff_user.id'], name=op.f('fk_vendor_import_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendor_import'))
    )
    with op.batch_alter_table('vendor_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vendor_import_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('vendor_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vendor_import_created_at'))
    op.drop_table('vendor_import')
    with op.batch_alter_table('staff_session', schema=None) as batch_op:
        batch_op.drop_column('verified_at')
    op.execute("UPDATE staff_user SET password_hash = '!' WHERE password_hash IS NULL")
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_staff_user_auth_source'), type_='check')
        batch_op.drop_index(batch_op.f('ix_staff_user_directory_dn'))
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255), nullable=False)
        batch_op.drop_column('directory_dn')
        batch_op.drop_column('auth_source')
