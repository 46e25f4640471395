import { DomainError, NotFoundError } from '../common/domain-error';

export const ConsoleErrors = {
  fileNotFound: () => new NotFoundError('CONSOLE_FILE_NOT_FOUND', 'no such console file'),
  credentialInvalid: () => new DomainError('CREDENTIAL_INVALID', 'this credential is not valid (revoked, mistyped or expired)', 401),
  consoleHeaderRequired: () => new DomainError('CSRF_HEADER_REQUIRED', 'the console sends X-Console: 1 with this request', 403),
  searchTooShort: () => new DomainError('SEARCH_QUERY_TOO_SHORT', 'search for at least 2 letters or digits', 400),
  sellerNotFound: (id: string) => new NotFoundError('SELLER_NOT_FOUND', `no platform seller ${id}`),
  platformUnknown: (code: string) => new NotFoundError('PLATFORM_NOT_FOUND', `no platform with code ${code}`),
};
