/** The last day of the quarter `offset` quarters after `quarter` ('YYYY-Qn'), as 'YYYY-MM-DD'. */
export function quarterEnd(quarter: string, offset = 0): string {
  const [year, q] = quarter.split('-Q').map(Number);
  const index = year * 4 + (q - 1) + offset;
  const y = Math.floor(index / 4);
  const lastMonth = (index % 4) * 3 + 3;
  const lastDay = new Date(Date.UTC(y, lastMonth, 0)).getUTCDate();
  return `${y}-${String(lastMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}
