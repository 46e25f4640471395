import { DomainError, NotFoundError } from '../common/domain-error';

/** Stable error codes of identity resolution. */
export const MatchingErrors = {
  sellerNotFound: (id: string) => new NotFoundError('SELLER_NOT_FOUND', `platform seller ${id} does not exist`),
  taxpayerNotFound: (id: string) => new NotFoundError('TAXPAYER_NOT_FOUND', `taxpayer ${id} does not exist`),
  entityNotFound: (id: string) => new NotFoundError('SELLER_ENTITY_NOT_FOUND', `seller entity ${id} does not exist or was merged into another`),
  mergeNeedsTwo: () => new DomainError('ENTITY_MERGE_NEEDS_TWO', 'a merge names at least two different entities', 400),
  splitNotProperSubset: (id: string) =>
    new DomainError('ENTITY_SPLIT_INVALID', `the sellers to split off must be some, but not all, of the members of entity ${id}`, 400),
  platformNotFound: (code: string) => new NotFoundError('PLATFORM_NOT_FOUND', `platform ${code} does not exist`),
};
