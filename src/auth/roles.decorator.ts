import { SetMetadata } from '@nestjs/common';
import { Role } from './role';

export const ROLES_KEY = 'ect:roles';
export const PUBLIC_KEY = 'ect:public';

/** The roles allowed on a route (or every route of a controller). A route with neither @Roles nor @Public is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Marks a route that needs no credential (health, metrics, the console's static files). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
