"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op



revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('app_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_meta'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_ref', sa.Text(), server_default='', nullable=False),
    sa.Column('reason', sa.Text(), server_default='', nullable=False),
    sa.Column('details', sa.Text(), server_default='', nullable=False),
    sa.Column('previous_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    op.create_table('stations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), server_default='', nullable=False),
    sa.Column('phone', sa.Text(), server_default='', nullable=False),
    sa.Column('email', sa.Text(), server_default='', nullable=False),
    sa.Column('protocol_pack', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stations')),
    sa.UniqueConstraint('code', name=op.f('uq_stations_code'))
    )
    op.create_table('support_services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('groups_served', sa.JSON(), nullable=False),
    sa.Column('area', sa.Text(), server_default='', nullable=False),
    sa.Column('address', sa.Text(), server_default='', nullable=False),
    sa.Column('address_confidential', sa.Boolean(), nullable=False),
    sa.Column('phone', sa.Text(), server_default='', nullable=False),
    sa.Column('email', sa.Text(), server_default='', nullable=False),
    sa.Column('opening_hours', sa.Text(), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_services')),
    sa.UniqueConstraint('code', name=op.f('uq_support_services_code'))
    )
    op.create_table('case_sequences',
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_case_sequences_station_id_stations')),
    sa.PrimaryKeyConstraint('station_id', 'year', name=op.f('pk_case_sequences'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('badge_number', sa.Text(), server_default='', nullable=False),
    sa.Column('phone', sa.Text(), server_default='', nullable=False),
    sa.Column('email', sa.Text(), server_default='', nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('password_hash', sa.Text(), server_default='', nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('language', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_users_station_id_stations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('station_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.Column('protocol_pack', sa.String(length=64), nullable=False),
    sa.Column('protocol_version', sa.String(length=32), nullable=False),
    sa.Column('listed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('search_text', sa.Text(), server_default='', nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('immediate_danger', sa.Boolean(), nullable=True),
    sa.Column('injuries', sa.Boolean(), nullable=True),
    sa.Column('injuries_note', sa.Text(), server_default='', nullable=False),
    sa.Column('medical_help', sa.Boolean(), nullable=True),
    sa.Column('medical_note', sa.Text(), server_default='', nullable=False),
    sa.Column('response_delayed', sa.Boolean(), nullable=False),
    sa.Column('delay_plan', sa.Text(), server_default='', nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('place', sa.Text(), server_default='', nullable=False),
    sa.Column('district', sa.Text(), server_default='', nullable=False),
    sa.Column('place_type', sa.Text(), server_default='', nullable=False),
    sa.Column('narrative', sa.Text(), server_default='', nullable=True),
    sa.Column('reporter_type', sa.String(length=32), nullable=True),
    sa.Column('no_individual_victim', sa.Boolean(), nullable=False),
    sa.Column('verbatim_words', sa.Text(), server_default='', nullable=False),
    sa.Column('evidence_notes', sa.Text(), server_default='', nullable=False),
    sa.Column('officer_assessment', sa.Text(), server_default='', nullable=False),
    sa.Column('classification', sa.Text(), server_default='', nullable=False),
    sa.Column('community_impact', sa.Text(), server_default='', nullable=False),
    sa.Column('mediation_proposed', sa.Boolean(), nullable=False),
    sa.Column('mediation_safeguards', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.Text(), server_default='', nullable=False),
    sa.Column('closure_note', sa.Text(), server_default='', nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_cases_created_by_id_users')),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['cases.id'], name=op.f('fk_cases_duplicate_of_id_cases')),
    sa.ForeignKeyConstraint(['officer_id'], ['users.id'], name=op.f('fk_cases_officer_id_users')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_cases_station_id_stations')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_cases_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('reference', name=op.f('uq_cases_reference')),
    sa.UniqueConstraint('station_id', 'year', 'number', name='uq_cases_station_year_number')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_listed_at', ['listed_at'], unique=False)
        batch_op.create_index('ix_cases_station_listed_at', ['station_id', 'listed_at'], unique=False)
        batch_op.create_index('ix_cases_officer_id', ['officer_id'], unique=False)
        batch_op.create_index('ix_cases_status', ['status'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.Text(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('added_by', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_attachments_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_case_id'), ['case_id'], unique=False)

    op.create_table('case_indicators',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_indicators_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'indicator', name=op.f('pk_case_indicators'))
    )
    op.create_table('case_motives',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('motive', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_motives_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'motive', name=op.f('pk_case_motives'))
    )
    with op.batch_alter_table('case_motives', schema=None) as batch_op:
        batch_op.create_index('ix_case_motives_motive', ['motive', 'case_id'], unique=False)

    op.create_table('case_offences',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('offence_type', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_offences_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'offence_type', name=op.f('pk_case_offences'))
    )
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=16), nullable=False),
    sa.Column('person_key', sa.String(length=16), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('granted', sa.Boolean(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('data_scope', sa.JSON(), nullable=False),
    sa.Column('special_categories', sa.Boolean(), nullable=False),
    sa.Column('text_version', sa.Text(), server_default='', nullable=False),
    sa.Column('language', sa.Text(), server_default='', nullable=False),
    sa.Column('withdrawal_explained', sa.Boolean(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_consents_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents')),
    sa.UniqueConstraint('case_id', 'key', name='uq_consents_case_key')
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_case_id'), ['case_id'], unique=False)

    op.create_table('coordination_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), server_default='', nullable=False),
    sa.Column('basis', sa.Text(), server_default='', nullable=False),
    sa.Column('reference_number', sa.Text(), server_default='', nullable=False),
    sa.Column('consent_key', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_coordination_events_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coordination_events'))
    )
    with op.batch_alter_table('coordination_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coordination_events_case_id'), ['case_id'], unique=False)

    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_follow_ups_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_ups'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_case_id'), ['case_id'], unique=False)

    op.create_table('needs_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=16), nullable=False),
    sa.Column('assessed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('assessed_by', sa.String(length=64), nullable=False),
    sa.Column('factors', sa.JSON(), nullable=False),
    sa.Column('protection_needs', sa.Boolean(), nullable=True),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('measures', sa.JSON(), nullable=False),
    sa.Column('risk_suggested', sa.String(length=8), nullable=True),
    sa.Column('risk_level', sa.String(length=8), nullable=True),
    sa.Column('risk_override_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('declines_measures', sa.Boolean(), nullable=False),
    sa.Column('victim_wishes', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_needs_assessments_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_assessments'))
    )
    with op.batch_alter_table('needs_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_assessments_case_id'), ['case_id'], unique=False)

    op.create_table('perceptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('person_key', sa.String(length=16), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_perceptions_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_perceptions'))
    )
    with op.batch_alter_table('perceptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_perceptions_case_id'), ['case_id'], unique=False)

    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('name', sa.Text(), server_default='', nullable=False),
    sa.Column('alias', sa.Text(), server_default='', nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('age_band', sa.Text(), server_default='', nullable=False),
    sa.Column('is_minor', sa.Boolean(), nullable=False),
    sa.Column('guardian', sa.Text(), server_default='', nullable=False),
    sa.Column('gender', sa.Text(), server_default='', nullable=False),
    sa.Column('address', sa.Text(), server_default='', nullable=False),
    sa.Column('phone', sa.Text(), server_default='', nullable=False),
    sa.Column('email', sa.Text(), server_default='', nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('language', sa.Text(), server_default='', nullable=False),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('interpreter_language', sa.Text(), server_default='', nullable=False),
    sa.Column('accessibility_needs', sa.Text(), server_default='', nullable=False),
    sa.Column('companion', sa.Text(), server_default='', nullable=False),
    sa.Column('safe_phone', sa.Text(), server_default='', nullable=False),
    sa.Column('safe_times', sa.Text(), server_default='', nullable=False),
    sa.Column('message_ok', sa.Boolean(), nullable=True),
    sa.Column('safe_email', sa.Text(), server_default='', nullable=False),
    sa.Column('preferred_channel', sa.Text(), server_default='', nullable=False),
    sa.Column('do_not_contact_via', sa.Text(), server_default='', nullable=False),
    sa.Column('ethnicity', sa.Text(), server_default='', nullable=False),
    sa.Column('religion', sa.Text(), server_default='', nullable=False),
    sa.Column('sexual_orientation', sa.Text(), server_default='', nullable=False),
    sa.Column('gender_identity', sa.Text(), server_default='', nullable=False),
    sa.Column('health', sa.Text(), server_default='', nullable=False),
    sa.Column('disability', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_persons_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons')),
    sa.UniqueConstraint('case_id', 'key', name='uq_persons_case_key')
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_persons_case_id'), ['case_id'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=16), nullable=False),
    sa.Column('person_key', sa.String(length=16), nullable=False),
    sa.Column('consent_key', sa.String(length=16), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('service_code', sa.Text(), server_default='', nullable=False),
    sa.Column('service_name', sa.Text(), nullable=False),
    sa.Column('service_kind', sa.String(length=32), nullable=False),
    sa.Column('service_contact', sa.Text(), server_default='', nullable=False),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('urgency', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reply_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reply_note', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_referrals_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['support_services.id'], name=op.f('fk_referrals_service_id_support_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('case_id', 'key', name='uq_referrals_case_key')
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_case_id'), ['case_id'], unique=False)

    op.create_table('review_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('reviewer', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), server_default='', nullable=False),
    sa.Column('checks', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_review_actions_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_actions'))
    )
    with op.batch_alter_table('review_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_actions_case_id'), ['case_id'], unique=False)

    op.create_table('rights_information',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=16), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('given_by', sa.String(length=64), nullable=False),
    sa.Column('leaflet_language', sa.String(length=16), nullable=False),
    sa.Column('leaflet_version', sa.Text(), server_default='', nullable=False),
    sa.Column('acknowledgement_given', sa.Boolean(), nullable=False),
    sa.Column('complaint_number', sa.Text(), server_default='', nullable=False),
    sa.Column('interpreter_provided', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_rights_information_case_id_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rights_information'))
    )
    with op.batch_alter_table('rights_information', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rights_information_case_id'), ['case_id'], unique=False)
    create_search_index()


def downgrade() -> None:
    drop_search_index()

    with op.batch_alter_table('rights_information', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rights_information_case_id'))

    op.drop_table('rights_information')
    with op.batch_alter_table('review_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_actions_case_id'))

    op.drop_table('review_actions')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_case_id'))

    op.drop_table('referrals')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_case_id'))

    op.drop_table('persons')
    with op.batch_alter_table('perceptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_perceptions_case_id'))

    op.drop_table('perceptions')
    with op.batch_alter_table('needs_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_assessments_case_id'))

    op.drop_table('needs_assessments')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_case_id'))

    op.drop_table('follow_ups')
    with op.batch_alter_table('coordination_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coordination_events_case_id'))

    op.drop_table('coordination_events')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consents_case_id'))

    op.drop_table('consents')
    op.drop_table('case_offences')
    with op.batch_alter_table('case_motives', schema=None) as batch_op:
        batch_op.drop_index('ix_case_motives_motive')

    op.drop_table('case_motives')
    op.drop_table('case_indicators')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_case_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_status')
        batch_op.drop_index('ix_cases_officer_id')
        batch_op.drop_index('ix_cases_station_listed_at')
        batch_op.drop_index('ix_cases_listed_at')

    op.drop_table('cases')
    op.drop_table('users')
    op.drop_table('case_sequences')
    op.drop_table('support_services')
    op.drop_table('stations')
    op.drop_table('audit_events')
    op.drop_table('app_meta')



# Substring search over cases.search_text, backed by a trigram index on both engines. SQLite: an
# FTS5 trigram table kept in step with `cases` by triggers. PostgreSQL: a pg_trgm GIN index, which
# the planner uses for LIKE '%word%' by itself.
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE cases_search USING fts5("
    "search_text, content='cases', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN "
    "INSERT INTO cases_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN "
    "INSERT INTO cases_search(cases_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER cases_search_update AFTER UPDATE OF search_text ON cases BEGIN "
    "INSERT INTO cases_search(cases_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO cases_search(rowid, search_text) VALUES (new.id, new.search_text); END",
]
POSTGRESQL_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_cases_search_text_trgm ON cases USING gin (search_text gin_trgm_ops)",
]


def create_search_index() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_SEARCH if dialect == "sqlite" else POSTGRESQL_SEARCH:
        op.execute(statement)


def drop_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("cases_search_insert", "cases_search_delete", "cases_search_update"):
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE cases_search")
    else:
        op.execute("DROP INDEX ix_cases_search_text_trgm")
