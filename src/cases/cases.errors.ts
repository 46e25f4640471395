import { ConflictError, DomainError, NotFoundError } from '../common/domain-error';

/** Stable error codes of officer case work; clients program against these, never rename one. */
export const CaseErrors = {
  notFound: (id: string) => new NotFoundError('CASE_NOT_FOUND', `case ${id} does not exist`),
  transitionIllegal: (from: string, to: string, allowed: readonly string[]) =>
    new ConflictError('CASE_TRANSITION_ILLEGAL', `a case cannot move from ${from} to ${to}`, { from, to, allowed }),
  versionStale: (id: string, given: number, current: number) =>
    new ConflictError('CASE_VERSION_STALE', `case ${id} changed since version ${given} (now ${current}): reload it and decide again`, { given, current }),
  reasonRequired: (to: string) => new DomainError('CASE_REASON_REQUIRED', `moving a case to ${to} needs a reason`, 400),
  assignedToAnother: (id: string) =>
    new ConflictError('CASE_ASSIGNED_TO_ANOTHER', `case ${id} is assigned to another officer: reassign it before acting on it`),
  waitingOnLinkReview: (id: string) =>
    new ConflictError('CASE_WAITING_ON_LINK_REVIEW', `case ${id} waits on a link review: decide the identity link first`),
  noEvidence: (id: string) => new ConflictError('CASE_NO_EVIDENCE', `case ${id} has no tax at risk any more: it cannot be confirmed or notified`),
  assigneeInvalid: (userId: string) => new DomainError('CASE_ASSIGNEE_INVALID', `user ${userId} is not an officer`, 400),
  cursorInvalid: () => new DomainError('CASE_CURSOR_INVALID', 'the cursor is malformed or belongs to another sort or filter', 400),
  provinceUnknown: (input: string) => new DomainError('CASE_PROVINCE_UNKNOWN', `province "${input}" is not a known province code or name`, 400),
  platformUnknown: (code: string) => new DomainError('CASE_PLATFORM_UNKNOWN', `platform "${code}" does not exist`, 400),
  letterUnavailable: (id: string, status: string) =>
    new ConflictError('CASE_LETTER_UNAVAILABLE', `case ${id} is ${status}: a letter exists once the case is confirmed or notified`),
  officerOnly: () => new DomainError('CASE_OFFICER_USER_REQUIRED', 'this action needs an officer user credential', 403),
  linkNotFound: (sellerId: string) => new NotFoundError('LINK_REVIEW_NOT_FOUND', `platform seller ${sellerId} has no link`),
  linkNoCandidate: (sellerId: string) =>
    new DomainError('LINK_REVIEW_NO_CANDIDATE', `platform seller ${sellerId} has no candidate taxpayer: name one (taxpayerId)`, 400),
};
