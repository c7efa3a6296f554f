"""scopes, separation of duties and invite redemptions

Who submitted a topic (they may not approve it), organisation-change requests (a nullable
role on role_request plus organisation_id), one redemption per person and invite code, and
wrong invite codes for throttling. Organisation.parent_id exists since 0001.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 04:03:55.088968
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('failed_join',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_failed_join_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failed_join'))
    )
    with op.batch_alter_table('failed_join', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_failed_join_person_id'), ['person_id'], unique=False)

    op.create_table('invite_redemption',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invite_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('redeemed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invite_id'], ['invite_code.id'], name=op.f('fk_invite_redemption_invite_id_invite_code'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_invite_redemption_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invite_redemption')),
    sa.UniqueConstraint('invite_id', 'person_id', name=op.f('uq_invite_redemption_invite_id'))
    )
    with op.batch_alter_table('role_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.alter_column('role',
               existing_type=sa.VARCHAR(length=32),
               nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_role_request_organisation_id_organisation'), 'organisation', ['organisation_id'], ['id'])

    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_topic_submitted_by_id_person'), 'person', ['submitted_by_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('topic', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_topic_submitted_by_id_person'), type_='foreignkey')
        batch_op.drop_column('submitted_by_id')

    with op.batch_alter_table('role_request', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_role_request_organisation_id_organisation'), type_='foreignkey')
        batch_op.alter_column('role',
               existing_type=sa.VARCHAR(length=32),
               nullable=False)
        batch_op.drop_column('organisation_id')

    op.drop_table('invite_redemption')
    with op.batch_alter_table('failed_join', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_failed_join_person_id'))

    op.drop_table('failed_join')
