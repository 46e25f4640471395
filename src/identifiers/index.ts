/**
 * Identifiers: pure functions (no I/O) that intake uses to validate rows and matching uses to compare
 * them. Each validator has a SQL twin of the same behaviour (migrations/1795400100000-IdentifierFunctions.ts)
 * for set-based validation; test/integration/identifier-sql-parity.int-spec.ts keeps them in step.
 */
export * from './error-codes';
export * from './result';
export * from './characters';
export * from './tax-code';
export * from './national-id';
export * from './phone';
export * from './email';
export * from './vietnamese-text';
export * from './family-names';
export * from './person-name';
export * from './legal-form';
export * from './shop-name';
export * from './business-name';
export * from './string-similarity';
export * from './province';
export * from './address';
export * from './vietnam-date';
export * from './period';
export * from './money';
export * from './category';
