/* The value sets of the API contract, in the order the interface lists them. */
export const ORG_KINDS = ['ngo', 'police', 'municipality', 'ombudsman', 'health_service',
  'social_service', 'government', 'international', 'funder', 'childrens_home',
  'socialisation_centre', 'special_school', 'school', 'higher_education', 'youth_centre',
  'shelter', 'hotel', 'business', 'other'];

export const ACTIVITY_KINDS = ['lecture', 'film_screening', 'discussion', 'workshop', 'training',
  'meeting', 'awareness_event'];

export const TOPICS = ['forms_of_trafficking', 'risks', 'recruitment_methods', 'safety',
  'help_available', 'rights', 'regional_situation', 'cooperation'];

export const AUDIENCES = ['youths', 'specialists', 'teachers', 'parents', 'business_staff', 'public'];

export const PARTNER_ROLES = ['lead', 'partner', 'associate', 'supporter'];

export const EXPENSE_CATEGORIES = ['staff', 'travel', 'materials', 'equipment', 'subcontracting', 'other'];

export const METRICS = ['institutions_reached', 'activities', 'audience:youths',
  'audience:specialists', 'audience:teachers', 'audience:parents', 'audience:business_staff',
  'audience:public', 'manual'];

/* Countries offered first; any ISO 3166-1 alpha-2 code may be typed. */
export const COUNTRIES = ['LT', 'GB', 'IT', 'LV', 'EE', 'PL', 'DE', 'IE', 'NL', 'SE', 'NO', 'FI', 'BE', 'FR', 'ES'];

/*
 * Colours of organisation kinds on the map, each 3:1 or better against the
 * outline's fill; the kinds that are visited together (institutions for
 * young people, municipalities, social services) are kept far apart.
 */
export const KIND_COLOURS = {
  ngo: '#1b7837', police: '#08306b', municipality: '#6a3d9a', ombudsman: '#8c510a',
  health_service: '#e31a1c', social_service: '#4d4d4d', government: '#252525',
  international: '#01665e', funder: '#b15928', childrens_home: '#d6604d',
  socialisation_centre: '#c51b7d', special_school: '#35978f', school: '#2166ac',
  higher_education: '#4d9221', youth_centre: '#b35806', shelter: '#b2182b', hotel: '#1f78b4',
  business: '#542788', other: '#737373',
};
