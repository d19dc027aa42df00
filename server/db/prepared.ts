/**
 * The query option that runs a statement as a server-side prepared statement (read by the
 * serving client's driver call, `servingMysqlClient` in connection.ts). Its own module: the hot
 * functions' statements name it without requiring knex itself at cold start (connection.ts does).
 */
export const PREPARED_OPTION = 'prepared';
