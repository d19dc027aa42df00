/**
 * The knex `.options()` flag that runs a statement as a server-side prepared statement (see
 * `withPreparedStatements` in connection.ts). Its own module: the hot functions' statements name
 * it without requiring knex itself at cold start (connection.ts does).
 */
export const PREPARED_OPTION = 'prepared';
