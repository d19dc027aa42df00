import type { Knex } from 'knex';

/**
 * Quizzes (issue 16): one per article, its questions with their answers as JSON that never leaves
 * the server for a learner. Every submission is kept (`quiz_submissions`); `quiz_results` holds
 * each learner's best, one row per learner and quiz, which the certificate rule and the CMS pass
 * rates read.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('quizzes', (t) => {
    t.increments('id').primary();
    t.integer('article_id').unsigned().notNullable().unique().references('id').inTable('articles');
    t.text('questions_json').notNullable();
    t.integer('question_count').unsigned().notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.datetime('updated_at', { precision: 3 }).notNullable();
  });
  await knex.schema.createTable('quiz_submissions', (t) => {
    t.increments('id').primary();
    t.integer('quiz_id').unsigned().notNullable().references('id').inTable('quizzes');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.text('answers_json').notNullable();
    t.integer('score').unsigned().notNullable();
    t.integer('total').unsigned().notNullable();
    t.boolean('passed').notNullable();
    t.datetime('created_at', { precision: 3 }).notNullable();
    t.index(['quiz_id', 'user_id']);
  });
  await knex.schema.createTable('quiz_results', (t) => {
    t.integer('quiz_id').unsigned().notNullable().references('id').inTable('quizzes');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users');
    t.integer('best_score').unsigned().notNullable();
    t.integer('total').unsigned().notNullable();
    t.boolean('passed').notNullable();
    t.integer('attempts').unsigned().notNullable();
    t.datetime('last_submitted_at', { precision: 3 }).notNullable();
    t.primary(['quiz_id', 'user_id']);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('quiz_results');
  await knex.schema.dropTable('quiz_submissions');
  await knex.schema.dropTable('quizzes');
}
