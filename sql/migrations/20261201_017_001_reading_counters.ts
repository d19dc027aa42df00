import type { Knex } from 'knex';

/**
 * Per-learner counters for paid reading (issue 17): how many paid article texts and paid media
 * links one learner was handed in each fixed window (10 minutes, one day). One row per
 * (learner, kind, window length, window start), incremented in place; a learner's rows older
 * than two days are deleted when their next day starts, so the table stays small.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reading_counters', (t) => {
    t.integer('user_id').unsigned().notNullable();
    t.string('kind', 16).notNullable();
    t.integer('window_sec').notNullable();
    /** Epoch seconds at which the window starts (a multiple of window_sec). */
    t.bigInteger('window_start').notNullable();
    t.integer('count').notNullable().defaultTo(0);
    t.primary(['user_id', 'kind', 'window_sec', 'window_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reading_counters');
}
