/**
 * One UNLOGGED table per batch in schema `staging`: created in the API's upload transaction, filled by COPY,
 * read and dropped by the worker's merge transaction. Unlogged because it is rebuilt from the upload if lost
 * (a crash before the merge commits leaves the batch `received`, and the client re-sends with the same key);
 * the identity column numbers records in file order, which is the row number errors report.
 */
export function stagingTableName(batchId: string): string {
  if (!/^[0-9a-f-]{36}$/.test(batchId)) throw new Error('not a batch id');
  return `staging.b_${batchId.replace(/-/g, '')}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function createStagingSql(table: string, columns: readonly string[]): string {
  const defs = columns.map((c) => `${quoteIdent(c)} text`).join(', ');
  return `CREATE UNLOGGED TABLE ${table} (row_number bigint GENERATED ALWAYS AS IDENTITY, ${defs})`;
}
