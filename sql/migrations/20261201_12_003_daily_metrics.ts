import type { Knex } from 'knex';

/**
 * The dashboard's counters per Shanghai day (issue 12), kept in the write paths so `stats.overview`
 * reads at most 90 rows instead of every order, study day and user of the window:
 * - `orders`, `revenue_fen`, `refund_fen`: orders paid that day (a later refund counts on the day
 *   the order was paid, as the dashboard always showed it) — written by settlement and refunds;
 * - `new_users`: learners whose row was created that day — written when the row is created;
 * - `last_learners`: learners whose LATEST study day is that day. Active learners over the last N
 *   days are the sum over those N rows (each learner counted once, on their latest day) — written
 *   by progress.report when a learner's latest study day moves on, from `users.last_study_day`;
 * - `last_payers`: the same for paying: learners whose latest paid day (an order paid that day,
 *   refunded later or not) is that day — written by settlement, from `users.last_paid_day`.
 * Counters are signed: moving a learner decrements the day they leave.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('daily_metrics', (t) => {
    t.string('day', 10).notNullable().primary();
    t.integer('orders').notNullable().defaultTo(0);
    t.bigInteger('revenue_fen').notNullable().defaultTo(0);
    t.bigInteger('refund_fen').notNullable().defaultTo(0);
    t.integer('new_users').notNullable().defaultTo(0);
    t.integer('last_learners').notNullable().defaultTo(0);
    t.integer('last_payers').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('users', (t) => {
    t.string('last_study_day', 10).nullable();
    t.string('last_paid_day', 10).nullable();
  });
  await recountDailyMetrics(knex);
}

/**
 * The counters recounted from the facts (orders, users, learning_daily): the backfill, and what
 * the write paths' counters must always equal (tests/domain/reporting/daily-metrics.test.ts).
 */
export async function recountDailyMetrics(knex: Knex): Promise<void> {
  await knex.raw('UPDATE users SET last_study_day = (SELECT MAX(d.day) FROM learning_daily d WHERE d.user_id = users.id)');
  await knex('daily_metrics').delete();
  // China keeps no daylight saving: the Shanghai day is the UTC instant + 8 h. MySQL stores
  // DATETIME in UTC (our storage rule), SQLite epoch milliseconds.
  const mysql = String(knex.client.dialect).startsWith('mysql');
  const dayOf = (column: string) =>
    mysql ? `DATE_FORMAT(${column} + INTERVAL 8 HOUR, '%Y-%m-%d')` : `strftime('%Y-%m-%d', (${column} + 28800000) / 1000, 'unixepoch')`;
  await knex.raw(
    `UPDATE users SET last_paid_day = (SELECT MAX(${dayOf('o.paid_at')}) FROM orders o
       WHERE o.user_id = users.id AND o.status IN ('paid', 'refunded') AND o.paid_at IS NOT NULL)`,
  );
  const parts = [
    `SELECT ${dayOf('paid_at')} AS day, 1 AS orders, amount_fen AS revenue_fen,
            CASE WHEN status = 'refunded' THEN amount_fen ELSE 0 END AS refund_fen, 0 AS new_users, 0 AS last_learners, 0 AS last_payers
       FROM orders WHERE status IN ('paid', 'refunded') AND paid_at IS NOT NULL`,
    `SELECT ${dayOf('created_at')}, 0, 0, 0, 1, 0, 0 FROM users`,
    `SELECT last_study_day, 0, 0, 0, 0, 1, 0 FROM users WHERE last_study_day IS NOT NULL`,
    `SELECT last_paid_day, 0, 0, 0, 0, 0, 1 FROM users WHERE last_paid_day IS NOT NULL`,
  ];
  await knex.raw(
    `INSERT INTO daily_metrics (day, orders, revenue_fen, refund_fen, new_users, last_learners, last_payers)
     SELECT day, SUM(orders), SUM(revenue_fen), SUM(refund_fen), SUM(new_users), SUM(last_learners), SUM(last_payers)
       FROM (${parts.join(' UNION ALL ')}) x GROUP BY day`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('last_study_day');
    t.dropColumn('last_paid_day');
  });
  await knex.schema.dropTable('daily_metrics');
}
