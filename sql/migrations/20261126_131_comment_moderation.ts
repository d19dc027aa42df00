import type { Knex } from 'knex';

/**
 * Why a comment has its status: the machine verdict (`pass`, `review`, `risky`), `error` when the
 * moderation service could not be reached (kept pending — a human or a later re-check decides),
 * or `author` for creator replies. The CMS shows it next to the queue.
 * The (parent_id, status, created_at) index serves the replies under a page of comments
 * (SQLite does not index foreign keys on its own). The two thread indexes serve `comment.list`:
 * top-level comments of one article in (pinned, created_at | like_count, id) order, read in index
 * order and stopped at the page size (the primary key is the implicit last column).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('comments', (t) => {
    t.string('moderation', 16).nullable();
    t.index(['parent_id', 'status', 'created_at'], 'comments_parent_status_created_index');
    t.index(['article_id', 'parent_id', 'pinned', 'created_at'], 'comments_thread_newest_index');
    t.index(['article_id', 'parent_id', 'pinned', 'like_count'], 'comments_thread_hot_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  // MySQL dropped its own foreign-key index on parent_id when ours could serve the key; give the
  // key a plain index back before ours goes, or the drop is refused.
  await knex.schema.alterTable('comments', (t) => {
    t.index(['parent_id'], 'comments_parent_id_index');
  });
  await knex.schema.alterTable('comments', (t) => {
    t.dropIndex(['article_id', 'parent_id', 'pinned', 'like_count'], 'comments_thread_hot_index');
    t.dropIndex(['article_id', 'parent_id', 'pinned', 'created_at'], 'comments_thread_newest_index');
    t.dropIndex(['parent_id', 'status', 'created_at'], 'comments_parent_status_created_index');
    t.dropColumn('moderation');
  });
}
