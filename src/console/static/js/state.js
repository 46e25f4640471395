// Who is signed in (from GET /v1/session; the credential itself stays in the HttpOnly cookie).
let session = null;

export function getSession() {
  return session;
}

export function setSession(value) {
  session = value;
}

export function role() {
  return session?.role ?? null;
}

export const isOfficer = () => role() === 'officer';

let signedInHandler = async () => {};
export function onSignedIn(handler) {
  signedInHandler = handler;
}
export function announceSignedIn(value) {
  return signedInHandler(value);
}
