/*
 * What each role may do, as the server's policy grants it (src/auth/policy.c).
 * The interface hides what a role cannot do; the server still decides.
 */
const ALL = {
  admin: ['user.read', 'user.write', 'organisation.read', 'organisation.write',
    'organisation.delete', 'project.read', 'project.write', 'budget.read', 'budget.write',
    'activity.read', 'import', 'dashboard.read'],
  coordinator: ['organisation.read', 'organisation.write', 'organisation.delete', 'project.read',
    'project.write', 'budget.read', 'budget.write', 'activity.read', 'activity.write', 'import',
    'dashboard.read'],
  outreach_worker: ['organisation.read', 'organisation.write', 'project.read', 'activity.read',
    'activity.write', 'import', 'dashboard.read'],
  case_worker: ['organisation.read'],
  case_manager: ['organisation.read'],
  viewer: ['organisation.read', 'project.read', 'budget.read', 'activity.read', 'dashboard.read'],
  auditor: ['audit.read'],
};

export const ROLES = Object.keys(ALL);

export function can(user, action) {
  return !!user && !!ALL[user.role] && ALL[user.role].includes(action);
}
