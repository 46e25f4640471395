import { Role } from './role';

/** The authenticated caller of a request. Platform principals carry their platform id; every query is scoped by it. */
export interface Principal {
  credentialId: string;
  role: Role;
  name: string;
  platformId?: string;
  platformCode?: string;
  userId?: string;
}
