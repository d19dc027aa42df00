import type { Knex } from 'knex';

/**
 * Certificates (issue 16). One per learner and column — the unique key is what makes a claim
 * issue once even when two claims race. Title and name are snapshots: the certificate says what
 * was true when it was issued. `certificate_no` is random (verification is public, numbers must
 * not be guessable); `revoked_at` set by the CMS makes verification answer "revoked".
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('certificates', (t) => {
    t.increments('id').primary();
    t.string('certificate_no', 32).notNullable().unique();
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('column_id').unsigned().notNullable().references('id').inTable('columns');
    t.string('column_title', 128).notNullable();
    t.string('learner_name', 64).notNullable();
    t.datetime('issued_at', { precision: 3 }).notNullable();
    t.datetime('revoked_at', { precision: 3 }).nullable();
    t.string('revoke_reason', 256).nullable();
    t.unique(['user_id', 'column_id']);
    t.index(['column_id', 'issued_at']);
    t.index(['issued_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('certificates');
}
