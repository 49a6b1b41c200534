import cronParser from 'cron-parser';

/** The next time a cron expression (5 fields, or 6 with seconds; UTC) fires after `from`. */
export function nextRun(cron: string, from: Date): Date {
  return cronParser.parseExpression(cron, { currentDate: from, utc: true }).next().toDate();
}

