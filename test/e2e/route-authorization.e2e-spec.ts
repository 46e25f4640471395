import request from 'supertest';
import { ROLES, Role, UserRole } from '../../src/auth/role';
import { concretePath, declaredRoutes, DeclaredRoute } from '../support/routes';
import { TestEnv } from '../support/test-env';

/** Every route declares who may call it; no credential is 401, the wrong role 403, whatever the route. */
describe('route authorization', () => {
  let env: TestEnv;
  const tokens = {} as Record<Role, string>;
  let routes: DeclaredRoute[];

  beforeAll(async () => {
    env = await TestEnv.create();
    tokens.platform = (await env.platformToken('Route Check Platform')).token;
    for (const role of ROLES.filter((r): r is UserRole => r !== 'platform')) tokens[role] = await env.userToken(`route-check-${role}`, role);
    routes = declaredRoutes(env.api!);
  });
  afterAll(() => env.close());

  it('finds the routes and each one either is public or declares roles', () => {
    expect(routes.length).toBeGreaterThan(3);
    const undeclared = routes.filter((route) => !route.isPublic && route.roles.length === 0);
    expect(undeclared).toEqual([]);
  });

  it('keeps public only what must be reachable without a credential', () => {
    const publicRoutes = routes.filter((route) => route.isPublic).map((route) => `${route.method} ${route.path}`);
    const allowedPublic = [/^GET \/health$/, /^GET \/metrics$/, /^GET \/console(\/|$)/, /^POST \/v1\/session$/, /^DELETE \/v1\/session$/, /^GET \/$/];
    expect(publicRoutes.filter((route) => !allowedPublic.some((pattern) => pattern.test(route)))).toEqual([]);
  });

  it('answers 401 without a credential and with a forged one', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      const url = concretePath(route.path);
      const method = route.method.toLowerCase() as 'get';
      const bare = await request(env.http)[method](url);
      expect({ route: `${route.method} ${route.path}`, status: bare.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
      const forged = await request(env.http)[method](url).set('Authorization', 'Bearer ect_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
      expect(forged.status).toBe(401);
    }
  });

  it('answers 403 to every role the route does not declare', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const role of ROLES.filter((r) => !route.roles.includes(r))) {
        const response = await request(env.http)[route.method.toLowerCase() as 'get'](concretePath(route.path)).set('Authorization', `Bearer ${tokens[role]}`);
        expect({ route: `${route.method} ${route.path}`, role, status: response.status }).toEqual({
          route: `${route.method} ${route.path}`,
          role,
          status: 403,
        });
        expect(response.body.code).toBe('FORBIDDEN');
      }
    }
  });

  it('protects the queue dashboard like a route for admins only', async () => {
    expect((await request(env.http).get('/queues')).status).toBe(401);
    expect((await request(env.http).get('/queues').set('Authorization', `Bearer ${tokens.officer}`)).status).toBe(403);
    expect((await request(env.http).get('/queues').set('Authorization', `Bearer ${tokens.admin}`)).status).toBe(200);
  });
});
