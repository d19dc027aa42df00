import type { Knex } from 'knex';

/**
 * The instant up to which a learner's study time has been counted, across ALL their articles.
 * Each progress report advances it with a compare-and-set, so two reports (two articles, two
 * devices, a replay) can never both claim the same wall-clock seconds. On `users` because the
 * row always exists for a learner, so the compare-and-set is a single UPDATE.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.datetime('study_clock_at', { precision: 3 }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('study_clock_at');
  });
}
