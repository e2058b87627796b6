/*
 * What each role may do, as the server's policy grants it (src/auth/policy.c).
 * The interface hides what a role cannot do; the server still decides.
 */
const ALL = {
  admin: ['user.read', 'user.write', 'organisation.read', 'organisation.write',
    'organisation.delete', 'project.read', 'project.write', 'budget.read', 'budget.write',
    'activity.read', 'import', 'dashboard.read', 'report.read', 'engagement.read'],
  coordinator: ['organisation.read', 'organisation.write', 'organisation.delete', 'project.read',
    'project.write', 'budget.read', 'budget.write', 'activity.read', 'activity.write', 'import',
    'dashboard.read', 'case.statistics', 'case.anonymised', 'material.write', 'report.read',
    'engagement.read', 'engagement.write', 'agreement.write'],
  outreach_worker: ['organisation.read', 'organisation.write', 'project.read', 'activity.read',
    'activity.write', 'import', 'dashboard.read', 'report.read', 'engagement.read',
    'engagement.write'],
  case_worker: ['organisation.read', 'case.read', 'case.write', 'case.statistics'],
  case_manager: ['organisation.read', 'case.read', 'case.write', 'case.manage', 'case.statistics',
    'case.anonymised'],
  viewer: ['organisation.read', 'project.read', 'budget.read', 'activity.read', 'dashboard.read',
    'case.statistics', 'report.read', 'engagement.read'],
  auditor: ['audit.read'],
};

export const ROLES = Object.keys(ALL);

export function can(user, action) {
  return !!user && !!ALL[user.role] && ALL[user.role].includes(action);
}

/*
 * Partner scope of programme writes, as src/domain/scope.c decides it: an activity or
 * expense is written by users of the organisation that ran or spent it; a project's
 * settings, partners and indicators by its lead partner (by any partner while it has
 * none). Administrators write every partner's records.
 */
export function runs(user, organisationId) {
  return !!user && (user.role === 'admin' || (!!user.organisation_id && organisationId === user.organisation_id));
}

export function leads(user, partners) {
  if (!user) return false;
  if (user.role === 'admin') return true;
  const lead = (partners || []).filter((p) => p.role === 'lead');
  return lead.length ? lead.some((p) => p.organisation_id === user.organisation_id) : !!user.organisation_id;
}
