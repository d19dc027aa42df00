import type { Knex } from 'knex';

/**
 * The file name an article's audio or video was uploaded under ("第一课.mp3"): storage ids are
 * UUIDs, and the creator must recognise the file in the editor. Display only; empty for media
 * saved before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('articles', (t) => {
    t.string('audio_name', 255).notNullable().defaultTo('');
    t.string('video_name', 255).notNullable().defaultTo('');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('articles', (t) => {
    t.dropColumn('video_name');
    t.dropColumn('audio_name');
  });
}
