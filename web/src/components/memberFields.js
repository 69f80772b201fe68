// memberFields.js - the member record as the console shows and edits it, in groups. The field
// list, types, code tables and required fields come from the server's description of the record
// (OpenAPI), so a field added there appears here; the groups only order them.
export const GROUPS = [
	{ key: 'basic', fields: ['name', 'gender', 'id_number', 'birth_date', 'ethnicity', 'native_place', 'household_place', 'education', 'degree'] },
	{ key: 'work', fields: ['occupation', 'work_unit', 'job_post', 'job_title', 'phone', 'address'] },
	{ key: 'party', fields: ['category', 'apply_date', 'activist_date', 'target_date', 'admit_date', 'convert_date', 'introducers', 'mentors', 'party_posts'] },
	{ key: 'state', fields: ['state', 'state_date', 'discipline_probation_until', 'lost_contact', 'lost_contact_date', 'mobile', 'mobile_destination', 'dues_base_fen', 'dues_standard_fen'] },
];

// Which code table of GET /codes lists a field's values.
export const CODE_TABLE = { gender: 'gender', ethnicity: 'ethnicity', education: 'education', occupation: 'occupation', category: 'category', state: 'state' };

// Fields kept in fen (integers) and shown in yuan.
export const MONEY = new Set(['dues_base_fen', 'dues_standard_fen']);

// The field's label: Chinese from the description, English from the title.
export function fieldLabel(schema, key, locale) {
	const p = schema?.properties?.[key];
	if (!p)
		return key || '';
	return locale === 'en' ? p.title : p.description.replace('（元）', '');
}

export function formatValue(codes, key, value, t) {
	if (value === null || value === undefined || value === '')
		return '—';
	if (CODE_TABLE[key])
		return codes.label(CODE_TABLE[key], value);
	if (MONEY.has(key))
		return `${(value / 100).toFixed(2)} ${t('common.yuan')}`;
	if (typeof value === 'boolean')
		return value ? t('common.yes') : t('common.no');
	return String(value);
}
