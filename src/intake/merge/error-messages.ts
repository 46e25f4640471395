/**
 * Row-level codes and their messages. Messages are fixed texts: they never echo a value from the row (a
 * national ID or a phone number must not travel back in an error report).
 */
export const ROW_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  REQUIRED_FIELD_MISSING: 'a required field is empty or missing',
  VALUE_TOO_LONG: 'an identifier (seller_ref, DocRefId) is longer than 200 characters',
  DUPLICATE_IN_BATCH: 'a later row of this batch reports the same record; the later one is kept',
  TAX_CODE_FORMAT: 'the tax code is not 10 or 13 digits (or a 12-digit personal ID); kept as reported and flagged',
  TAX_CODE_CHECK_DIGIT: 'the tax code check digit does not hold; kept as reported and flagged',
  TAX_CODE_BRANCH_SUFFIX: 'a 13-digit tax code cannot end in 000; kept as reported and flagged',
  NATIONAL_ID_FORMAT: 'the personal ID is neither a 12-digit CCCD, a 9-digit CMND nor a passport number; kept (encrypted) and flagged',
  NATIONAL_ID_PROVINCE: 'the personal ID does not start with a province code; kept (encrypted) and flagged',
  NATIONAL_ID_BIRTH_YEAR: 'the personal ID encodes a birth year in the future; kept (encrypted) and flagged',
  PHONE_FORMAT: 'not a Vietnamese phone number; kept (encrypted) and flagged',
  EMAIL_FORMAT: 'not an e-mail address; not stored',
  PROVINCE_UNKNOWN: 'the province is in neither the 63- nor the 34-province list; kept as text',
  DATE_FORMAT: 'not a date (YYYY-MM-DD or DD/MM/YYYY); not stored',
  CATEGORY_UNKNOWN: 'category is one of goods, services, production_transport, leasing, digital_content, other (empty = unknown); stored as unknown',
  BOOLEAN_FORMAT: 'expected true or false; stored as unknown',
  PERIOD_FORMAT: 'the period is YYYY-Qn or YYYY-MM',
  PERIOD_IN_FUTURE: 'the period starts after today (Vietnam time)',
  AMOUNT_FORMAT: 'an amount is whole VND in plain digits, without separators',
  AMOUNT_FRACTION: 'an amount is whole VND: no fractions',
  AMOUNT_NEGATIVE: 'an amount cannot be negative (report refunds in the refunds column)',
  AMOUNT_OUT_OF_RANGE: 'the amount is too large',
  DOC_TYPE_INVALID: 'DocTypeIndic is OECD0, OECD1, OECD2 or OECD3',
  CORR_DOC_REF_MISSING: 'a correction or deletion (OECD2/OECD3) needs CorrDocRefId',
  CORR_DOC_REF_UNKNOWN: 'CorrDocRefId names no record this platform sent',
  DOC_REF_ID_DUPLICATE: 'this DocRefId was already received; a correction needs a new DocRefId and CorrDocRefId',
  REPORTING_PERIOD_INVALID: 'MessageSpec/ReportingPeriod must be a date in a reported year',
};
