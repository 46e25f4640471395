/** Who may knock on which door. Platforms push data, the authority pushes its own feeds, officers act, auditors read. */
export const ROLES = ['platform', 'authority', 'officer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const USER_ROLES = ['authority', 'officer', 'auditor', 'admin'] as const satisfies readonly Role[];
export type UserRole = (typeof USER_ROLES)[number];

export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}
