/** One structured JSON line per event; CloudBase's log search indexes JSON fields. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Logger {
  const emit = (level: string, event: string, fields?: Record<string, unknown>) => write(JSON.stringify({ level, event, ...fields }));
  return {
    info: (event, fields) => emit('info', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

/** Keeps the lines in memory: tests read them instead of printing them. */
export function memoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    info: (event, fields) => lines.push({ level: 'info', event, ...fields }),
    error: (event, fields) => lines.push({ level: 'error', event, ...fields }),
  };
}
