import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from '../../src/auth/roles.decorator';
import { Role } from '../../src/auth/role';

export interface DeclaredRoute {
  method: string;
  path: string;
  isPublic: boolean;
  roles: Role[];
}

/** Every route the API serves, read from the controllers' own metadata (so a new route is covered automatically). */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: DeclaredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Function | undefined;
    if (!controller || !wrapper.instance) continue;
    const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '')[0];
    const prototype = Object.getPrototypeOf(wrapper.instance);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const subPaths = Reflect.getMetadata(PATH_METADATA, handler);
      const method = Reflect.getMetadata(METHOD_METADATA, handler);
      if (subPaths === undefined || method === undefined) continue;
      for (const sub of ([] as string[]).concat(subPaths)) {
        routes.push({
          method: RequestMethod[method as RequestMethod],
          path: `/${[base, sub].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/'),
          isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, controller]) ?? false,
          roles: reflector.getAllAndOverride<Role[]>(ROLES_KEY, [handler, controller]) ?? [],
        });
      }
    }
  }
  return routes;
}

/** A concrete URL for a route pattern: every `:param` becomes a well-formed id. */
export function concretePath(pattern: string): string {
  return pattern.replace(/:[A-Za-z0-9_]+/g, '00000000-0000-4000-8000-000000000000');
}
