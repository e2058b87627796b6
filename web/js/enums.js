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
  'audience:public', 'cases_assisted', 'referrals_completed', 'manual'];

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

/* Victims' cases (HTCDS 2.0 and CTDC value sets, as docs/api/openapi.yaml lists them). */
export const CASE_STATUSES = ['active', 'follow_up', 'closed', 'closed_referred'];
export const CLOSURE_REASONS = ['services_completed', 'referred_elsewhere', 'person_withdrew',
  'lost_contact', 'returned_home', 'not_a_victim', 'deceased', 'other'];
export const TRAFFICKING_STATUSES = ['possible', 'actual', 'not_a_victim'];
export const DECIDING_BODIES = ['police', 'ngo', 'court_or_prosecution', 'non_police_governmental', 'other'];
export const IDENTIFICATION_SOURCES = ['police', 'ngo_outreach', 'hotline', 'self_referral',
  'business_report', 'health_service', 'school', 'other'];
export const GENDERS = ['feminine', 'masculine', 'transgender_feminine', 'transgender_masculine',
  'non_conforming', 'unknown'];
export const AGE_BANDS = ['0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+'];
export const EXPLOITATION_TYPES = ['forced_labour', 'sexual_exploitation', 'child_labour',
  'forced_marriage', 'servitude', 'forced_military', 'organ_removal', 'forced_begging',
  'forced_adoption', 'surrogacy', 'forced_criminality', 'other'];
export const LABOUR_INDUSTRIES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M',
  'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U'];
export const RECRUITMENT = ['abduction', 'deceptive_job_offer', 'intimate_partner', 'family_member',
  'friend_or_acquaintance', 'online', 'recruitment_agency', 'other'];
export const CONTROL_METHODS = ['debt_bondage', 'takes_earnings', 'restricts_financial_access',
  'threats', 'psychological_abuse', 'physical_abuse', 'sexual_abuse', 'false_promises',
  'psychoactive_substances', 'restricts_movement', 'restricts_medical_care',
  'excessive_working_hours', 'uses_children', 'threat_of_law_enforcement',
  'withholds_necessities', 'withholds_documents', 'other'];
export const RELATIONSHIPS = ['familial', 'acquainted', 'unacquainted'];
export const GROUNDS = ['positive', 'negative'];
export const CONSENT_GIVERS = ['person', 'guardian'];
export const CONSENT_SCOPES = ['services', 'share_with_agencies', 'statistics'];
export const SERVICE_TYPES = ['shelter', 'medical', 'psychological', 'legal', 'interpretation',
  'education', 'vocational_training', 'employment', 'financial', 'repatriation',
  'family_tracing', 'other'];
export const SERVICE_STATUSES = ['planned', 'ongoing', 'completed', 'not_provided'];
export const NOTE_VISIBILITIES = ['own_agency', 'shared'];
export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'completed', 'revoked'];
export const DECLINE_REASONS = ['no_capacity', 'not_eligible', 'service_not_offered',
  'person_declined', 'other'];

/* Materials, their distribution and business agreements (src/domain/programme.c, engagement.c). */
export const MATERIAL_KINDS = ['film', 'leaflet', 'poster', 'presentation', 'lesson_plan', 'booklet', 'other'];

export const MATERIAL_AUDIENCES = ['teachers', 'pupils', 'parents', 'specialists', 'business_staff', 'public'];

export const AGREEMENT_KINDS = ['pledge', 'code_of_conduct', 'memorandum', 'data_sharing'];

export const AGREEMENT_STATUSES = ['draft', 'signed', 'expired', 'withdrawn'];

/* Business engagement (src/domain/engagement.c). */
export const ENGAGEMENT_STAGES = ['contacted', 'met', 'committed', 'trained', 'active', 'declined'];
